package io.dataexport.worker.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import io.dataexport.worker.source.bucket.gcs.GcsSourceBucket;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both source buckets stream an object's exact bytes and say when one is missing. */
class SourceBucketTest {

  @TempDir Path root;

  private static final byte[] CONTENT = bytes(3 * 1024 * 1024 + 17);

  @Test
  void theFilesystemBucketStreamsAnObjectsBytes() throws Exception {
    Path file = root.resolve("session-files/u/s/f1");
    Files.createDirectories(file.getParent());
    Files.write(file, CONTENT);

    try (InputStream in = new FilesystemSourceBucket(root).open("session-files/u/s/f1")) {
      assertThat(in.readAllBytes()).isEqualTo(CONTENT);
    }
  }

  @Test
  void theFilesystemBucketRefusesMissingObjectsAndNamesReachingOutsideIt() throws Exception {
    Files.writeString(root.resolveSibling("outside.txt"), "secret");
    FilesystemSourceBucket bucket = new FilesystemSourceBucket(root);

    assertThatThrownBy(() -> bucket.open("nope")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> bucket.open("../outside.txt")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void theGcsBucketStreamsAnObjectsBytesInChunks() throws Exception {
    Storage storage = LocalStorageHelper.getOptions().getService();
    storage.create(
        BlobInfo.newBuilder(BlobId.of("platform-files", "skills/u/s.zip")).build(), CONTENT);

    try (InputStream in = new GcsSourceBucket(storage, "platform-files").open("skills/u/s.zip")) {
      assertThat(in.readAllBytes()).isEqualTo(CONTENT);
    }
  }

  @Test
  void theGcsBucketSaysWhenAnObjectIsMissing() {
    Storage storage = LocalStorageHelper.getOptions().getService();

    assertThatThrownBy(() -> new GcsSourceBucket(storage, "platform-files").open("nope"))
        .isInstanceOf(NoSuchFileException.class);
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(1).nextBytes(b);
    return b;
  }
}
