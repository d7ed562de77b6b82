package io.dataexport.worker.archive;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.signing.Ed25519;
import io.dataexport.time.MutableClock;
import io.dataexport.worker.archive.verify.VerifyArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker signs each manifest; {@code verify --keys} accepts the archive only under a published
 * manifest key, and sees a changed manifest, a foreign key and a missing signature.
 */
class SignedManifestTest {

  @TempDir Path dir;
  private final KeyPair key = Ed25519.newKeyPair();
  private Path signed;
  private Path keys;

  @BeforeEach
  void writeASignedArchive() throws IOException {
    signed = dir.resolve("signed.zip");
    write(signed, ManifestSigner.fromPkcs8Base64("manifest-1", privateKey(key)));
    keys = keysJson("keys.json", "manifest-1", key);
  }

  @Test
  void theSignatureIsTheSecondEntryAndVerifiesUnderThePublishedKey() throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(signed).get()) {
      List<String> names = new ArrayList<>();
      Collections.list(zip.getEntriesInPhysicalOrder()).forEach(e -> names.add(e.getName()));
      assertThat(names.subList(0, 2))
          .containsExactly(ArchiveLayout.MANIFEST, ArchiveLayout.MANIFEST_SIGNATURE);
    }

    Result result = verify(signed, "--keys", keys.toString());

    assertThat(result.code()).as(result.out()).isZero();
    assertThat(result.out()).contains("manifest signature: verified with key manifest-1");
  }

  @Test
  void aManifestChangedAfterSigningIsReported() throws IOException {
    Path tampered = dir.resolve("tampered.zip");
    try (ZipFile zip = ZipFile.builder().setPath(signed).get();
        OutputStream out = Files.newOutputStream(tampered);
        ZipArchiveOutputStream copy = new ZipArchiveOutputStream(out)) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        if (entry.getName().equals(ArchiveLayout.MANIFEST)) {
          String manifest;
          try (InputStream in = zip.getInputStream(entry)) {
            manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          // a scope the request never had: the digests still match, only the signature can tell
          String forged =
              manifest.replace(
                  "ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS", "ENTERPRISE_EXPORT_SCOPE_FULL");
          assertThat(forged).isNotEqualTo(manifest);
          copy.putArchiveEntry(new ZipArchiveEntry(entry.getName()));
          copy.write(forged.getBytes(StandardCharsets.UTF_8));
          copy.closeArchiveEntry();
        } else {
          try (InputStream raw = zip.getRawInputStream(entry)) {
            copy.addRawArchiveEntry(entry, raw);
          }
        }
      }
    }

    Result result = verify(tampered, "--keys", keys.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out())
        .contains(ArchiveLayout.MANIFEST_SIGNATURE + ": does not match manifest.json");
  }

  @Test
  void aSignatureByAKeyThatIsNotPublishedIsReported() throws IOException {
    Path otherKeys = keysJson("other.json", "manifest-2", Ed25519.newKeyPair());

    Result result = verify(signed, "--keys", otherKeys.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out())
        .contains("signed with key manifest-1, which is not one of the given keys");
  }

  @Test
  void anUnsignedArchiveFailsWhenKeysAreGivenAndPassesWithoutThem() throws IOException {
    Path unsigned = dir.resolve("unsigned.zip");
    write(unsigned, null);

    Result checked = verify(unsigned, "--keys", keys.toString());
    Result unchecked = verify(unsigned);

    assertThat(checked.code()).isEqualTo(1);
    assertThat(checked.out()).contains("missing: the archive is not signed");
    assertThat(unchecked.code()).as(unchecked.out()).isZero();
    assertThat(unchecked.out()).contains("manifest signature: none");
  }

  @Test
  void aKeyThatIsNotOneIsRefusedWithoutEchoingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ManifestSigner.fromPkcs8Base64("manifest-1", "c2VjcmV0LWtleS1tYXRlcmlhbA=="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("manifest-signing.signing-key")
        .hasMessageNotContaining("c2VjcmV0");
  }

  private void write(Path archive, ManifestSigner signer) throws IOException {
    InMemorySource source =
        ArchiveEntriesTest.sessionsAndFileInfo("ses_1")
            .file("fil_1", "ses_1", "notes.txt", "meeting notes".getBytes(StandardCharsets.UTF_8));
    ExportJob job =
        ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();
    try (OutputStream out = Files.newOutputStream(archive)) {
      new ExportArchiveWriter(
              source,
              1000,
              dir.resolve("spool"),
              new MutableClock(Instant.parse("2026-03-02T09:00:00Z")),
              signer)
          .write(job, out, ArchiveFiles.NO_PROGRESS);
    }
  }

  /** The gateway's keys.json, as an operator saves it: one manifest key, one of another purpose. */
  private Path keysJson(String file, String keyId, KeyPair pair) throws IOException {
    String json =
        "{\"keys\":["
            + "{\"key_id\":\"audit-1\",\"purpose\":\"audit-digest\",\"algorithm\":\"Ed25519\","
            + "\"public_key\":\""
            + publicKey(Ed25519.newKeyPair())
            + "\"},"
            + "{\"key_id\":\""
            + keyId
            + "\",\"purpose\":\"archive-manifest\","
            + "\"algorithm\":\"Ed25519\",\"public_key\":\""
            + publicKey(pair)
            + "\"}]}";
    return Files.writeString(dir.resolve(file), json);
  }

  private static String privateKey(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
  }

  private static String publicKey(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  private record Result(int code, String out) {}

  private static Result verify(Path archive, String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(archive.toString()));
    args.addAll(List.of(options));
    int code =
        VerifyArchive.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8));
  }
}
