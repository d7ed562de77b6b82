package io.dataexport.worker.archive;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.worker.archive.verify.VerifyArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify command on a good archive and on archives tampered with in each way it must see. */
class VerifyArchiveTest {

  private static final String NOTES = "files/ses_1/notes.txt";
  private static final String PHOTO = "files/ses_2/photo.jpg";

  @TempDir Path dir;
  private Path good;
  private final byte[] photo = new byte[50_000];

  @BeforeEach
  void writeAGoodArchive() throws IOException {
    new java.util.Random(3).nextBytes(photo);
    InMemorySource source =
        ArchiveEntriesTest.sessionsAndFileInfo("ses_1", "ses_2")
            .file("fil_1", "ses_1", "notes.txt", "meeting notes".getBytes(StandardCharsets.UTF_8))
            .file("fil_2", "ses_2", "photo.jpg", photo);
    ExportJob job =
        ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();
    good = dir.resolve("good.zip");
    ArchiveFiles.write(source, job, 1000, dir.resolve("spool"), good);
  }

  @Test
  void aGoodArchiveMatchesItsManifestAndItsOwnDigest() throws IOException {
    Result result = verify(good);
    assertThat(result.exitCode()).as(result.out()).isZero();
    // manifest aside: user.json, session_info.json, two files
    assertThat(result.out()).contains("OK: 4 entries match the manifest");

    Result withDigest = verify(good, "--sha256", ArchiveFiles.sha256(good));
    assertThat(withDigest.exitCode()).as(withDigest.out()).isZero();
  }

  @Test
  void aChangedByteInAStoredFileIsReportedWithItsDigest() throws IOException {
    byte[] zip = Files.readAllBytes(good);
    int at = indexOf(zip, java.util.Arrays.copyOfRange(photo, 1000, 1032)); // STORED: as is
    assertThat(at).isPositive();
    zip[at] ^= 0x01;
    Path tampered = Files.write(dir.resolve("byte.zip"), zip);

    Result result = verify(tampered);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.differences()).hasSize(1);
    assertThat(result.differences().get(0)).startsWith(PHOTO + ":").contains("SHA-256");
  }

  @Test
  void aChangedEntryOfAnotherSizeIsReportedWithSizeAndDigest() throws IOException {
    Path tampered =
        rewrite(
            "changed.zip",
            (name) -> name,
            NOTES,
            "meeting notes, edited".getBytes(StandardCharsets.UTF_8),
            null);

    Result result = verify(tampered);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.differences())
        .containsExactly(
            NOTES + ": 21 bytes, the manifest says 13",
            result.differences().get(1)); // the digest line, checked below
    assertThat(result.differences().get(1)).startsWith(NOTES + ": SHA-256 ");
  }

  @Test
  void aRemovedEntryIsReportedMissing() throws IOException {
    Path tampered =
        rewrite("removed.zip", name -> name.equals(NOTES) ? null : name, null, null, null);

    Result result = verify(tampered);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.differences())
        .containsExactly(NOTES + ": in the manifest but not in the archive");
  }

  @Test
  void anExtraEntryIsReported() throws IOException {
    Path tampered =
        rewrite(
            "extra.zip",
            name -> name,
            null,
            null,
            new Extra("files/ses_1/planted.exe", "MZ".getBytes(StandardCharsets.UTF_8)));

    Result result = verify(tampered);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.differences())
        .containsExactly("files/ses_1/planted.exe: in the archive but not in the manifest");
  }

  @Test
  void anAlteredManifestIsReportedForTheEntriesItNoLongerDescribes() throws IOException {
    String manifest = new String(entry(good, "manifest.json"), StandardCharsets.UTF_8);
    String photoDigest = ArchiveFiles.sha256(new java.io.ByteArrayInputStream(photo));
    String altered = manifest.replace(photoDigest, "0".repeat(64));
    assertThat(altered).isNotEqualTo(manifest);
    Path tampered =
        rewrite(
            "manifest.zip",
            name -> name,
            "manifest.json",
            altered.getBytes(StandardCharsets.UTF_8),
            null);

    Result result = verify(tampered);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.differences())
        .containsExactly(
            PHOTO + ": SHA-256 " + photoDigest + ", the manifest says " + "0".repeat(64));
    // and the archive no longer has the digest the export's detail gave
    Result withDigest = verify(tampered, "--sha256", ArchiveFiles.sha256(good));
    assertThat(withDigest.differences().get(0)).contains("expected " + ArchiveFiles.sha256(good));
  }

  @Test
  void somethingThatIsNotAnArchiveIsNotVerifiedAndBadUsageSaysSo() throws IOException {
    Path text = Files.writeString(dir.resolve("not.zip"), "hello");
    assertThat(verify(text).exitCode()).isEqualTo(1);
    assertThat(verify(dir.resolve("absent.zip")).exitCode()).isEqualTo(2);
    assertThat(verify(good, "--sha").exitCode()).isEqualTo(2);
  }

  // --- tampering

  private record Extra(String name, byte[] content) {}

  /**
   * A copy of the good archive: entries renamed or dropped (null) by {@code names}, {@code
   * replaced} given new content, {@code extra} appended; every other entry copied raw, as it was.
   */
  private Path rewrite(
      String file, UnaryOperator<String> names, String replaced, byte[] content, Extra extra)
      throws IOException {
    Path target = dir.resolve(file);
    try (ZipFile zip = ZipFile.builder().setPath(good).get();
        OutputStream out = Files.newOutputStream(target);
        ZipArchiveOutputStream copy = new ZipArchiveOutputStream(out)) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        String name = names.apply(entry.getName());
        if (name == null) {
          continue;
        }
        if (entry.getName().equals(replaced)) {
          add(copy, name, content);
        } else {
          try (InputStream raw = zip.getRawInputStream(entry)) {
            copy.addRawArchiveEntry(entry, raw);
          }
        }
      }
      if (extra != null) {
        add(copy, extra.name(), extra.content());
      }
    }
    return target;
  }

  private static void add(ZipArchiveOutputStream zip, String name, byte[] content)
      throws IOException {
    zip.putArchiveEntry(new ZipArchiveEntry(name));
    zip.write(content);
    zip.closeArchiveEntry();
  }

  private static byte[] entry(Path archive, String name) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get();
        InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
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

  // --- running the command

  private record Result(int exitCode, String out) {
    /** The lines naming a difference: all but the closing summary. */
    List<String> differences() {
      return out.lines()
          .filter(l -> !l.startsWith("DIFFERS:") && !l.startsWith("OK:"))
          .filter(l -> !l.startsWith("manifest signature:"))
          .toList();
    }
  }

  private static Result verify(Path archive, String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of(archive.toString()));
    args.addAll(List.of(options));
    int code =
        VerifyArchive.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
  }
}
