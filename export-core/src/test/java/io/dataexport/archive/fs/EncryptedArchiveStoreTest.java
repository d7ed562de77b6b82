package io.dataexport.archive.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.time.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives encrypted at rest: unreadable on disk, whole on read, refused when tampered with. */
class EncryptedArchiveStoreTest {

  private static final String SIGNING_KEY = "a-test-signing-key-of-at-least-32-chars";
  private static final String OBJECT = "exports/ent_acme/exp_000001.zip";
  private static final byte[] MARKER =
      "a line of plaintext that must not be on disk".getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;

  private MutableClock clock;
  private String keyset;

  @BeforeEach
  void newKey() {
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    keyset = ArchiveEncryption.newKeyset();
  }

  private FilesystemArchiveStore store(String keysetJson) {
    return new FilesystemArchiveStore(
        root,
        new DownloadLinks(URI.create("http://localhost:8080"), SIGNING_KEY, clock),
        ArchiveEncryption.fromKeyset(keysetJson));
  }

  @Test
  void anArchiveIsCiphertextOnDiskAndItsOwnBytesOnRead() throws IOException {
    FilesystemArchiveStore store = store(keyset);
    byte[] content = content(3_000_000); // several 1 MiB segments

    long size = write(store, OBJECT, content);

    assertThat(size).isEqualTo(content.length);
    byte[] onDisk = Files.readAllBytes(root.resolve(OBJECT));
    assertThat(onDisk.length).isGreaterThan(content.length);
    assertThat(indexOf(onDisk, MARKER)).isEqualTo(-1);
    try (InputStream read = store.read(OBJECT)) {
      assertThat(read.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void aChangedStoredByteFailsTheRead() throws IOException {
    FilesystemArchiveStore store = store(keyset);
    write(store, OBJECT, content(100_000));
    byte[] onDisk = Files.readAllBytes(root.resolve(OBJECT));
    onDisk[onDisk.length / 2] ^= 1;
    Files.write(root.resolve(OBJECT), onDisk);

    assertThatThrownBy(
            () -> {
              try (InputStream read = store.read(OBJECT)) {
                read.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void anArchiveMovedUnderAnotherExportsNameDoesNotDecrypt() throws IOException {
    FilesystemArchiveStore store = store(keyset);
    write(store, OBJECT, content(10_000));
    String other = "exports/ent_acme/exp_000002.zip";
    Files.copy(root.resolve(OBJECT), root.resolve(other));

    assertThatThrownBy(
            () -> {
              try (InputStream read = store.read(other)) {
                read.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void anotherKeyCannotReadIt() throws IOException {
    write(store(keyset), OBJECT, content(10_000));

    FilesystemArchiveStore stranger = store(ArchiveEncryption.newKeyset());

    assertThatThrownBy(
            () -> {
              try (InputStream read = stranger.read(OBJECT)) {
                read.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void aRotatedKeysetEncryptsWithItsNewPrimaryAndStillReadsWhatTheOldKeyWrote() throws Exception {
    byte[] old = content(10_000);
    write(store(keyset), OBJECT, old);
    KeysetHandle rotated =
        KeysetHandle.newBuilder(
                TinkJsonProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get()))
            .addEntry(
                KeysetHandle.generateEntryFromParameters(
                        PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
                    .withRandomId()
                    .makePrimary())
            .build();
    String rotatedJson =
        TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get());
    FilesystemArchiveStore afterRotation = store(rotatedJson);
    String fresh = "exports/ent_acme/exp_000003.zip";
    byte[] now = content(10_000);
    write(afterRotation, fresh, now);

    try (InputStream read = afterRotation.read(OBJECT)) {
      assertThat(read.readAllBytes()).isEqualTo(old);
    }
    try (InputStream read = afterRotation.read(fresh)) {
      assertThat(read.readAllBytes()).isEqualTo(now);
    }
    // the old keyset alone no longer reads what the new primary wrote
    assertThatThrownBy(
            () -> {
              try (InputStream read = store(keyset).read(fresh)) {
                read.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void aKeysetThatIsNotOneIsRefusedWithoutEchoingIt() {
    String notAKeyset = "{\"primaryKeyId\": 1, \"key\": \"s3cr3t-material\"}";

    assertThatThrownBy(() -> ArchiveEncryption.fromKeyset(notAKeyset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encryption-keyset")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void anUncommittedEncryptedUploadLeavesNothing() throws IOException {
    FilesystemArchiveStore store = store(keyset);
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(content(10_000));
    }

    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  private static long write(FilesystemArchiveStore store, String objectName, byte[] content)
      throws IOException {
    try (ArchiveUpload upload = store.beginUpload(objectName)) {
      upload.stream().write(content);
      return upload.commit();
    }
  }

  /** Random bytes with the marker in the middle, as an archive would carry a user's text. */
  private static byte[] content(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    System.arraycopy(MARKER, 0, content, size / 2, MARKER.length);
    return content;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
