package io.dataexport.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where generated files go: the source bucket the worker reads them from, by object name. */
@FunctionalInterface
public interface FileSink {

  void put(String objectName, InputStream content) throws IOException;

  /** A filesystem source bucket: object {@code a/b} becomes {@code <root>/a/b}. */
  static FileSink directory(Path root) {
    return (objectName, content) -> {
      Path file = root.resolve(objectName).normalize();
      if (!file.startsWith(root.normalize())) {
        throw new UncheckedIOException(new IOException("outside the bucket: " + objectName));
      }
      Files.createDirectories(file.getParent());
      Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
    };
  }

  /** Discards the bytes: for data whose files are never read. */
  static FileSink discard() {
    return (objectName, content) -> content.transferTo(java.io.OutputStream.nullOutputStream());
  }
}
