package io.dataexport.worker.source.bucket.fs;

import io.dataexport.worker.source.bucket.SourceBucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A source bucket in a local directory: object {@code a/b} is the file {@code <root>/a/b}. */
public class FilesystemSourceBucket implements SourceBucket {

  private final Path root;

  public FilesystemSourceBucket(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public InputStream open(String objectName) throws IOException {
    Path file = root.resolve(objectName).normalize();
    // an object name from the platform's data must not reach outside the bucket
    if (!file.startsWith(root) || file.equals(root)) {
      throw new NoSuchFileException(objectName, null, "outside the source bucket");
    }
    return Files.newInputStream(file);
  }
}
