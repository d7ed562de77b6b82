package io.dataexport.worker.archive;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.time.MutableClock;
import io.dataexport.worker.source.Sections;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** How entries are compressed, listed in the manifest and counted when a cap cuts a section. */
class ArchiveEntriesTest {

  private static final ExportJob JOB =
      ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();

  @TempDir Path dir;

  @Test
  void alreadyCompressedFilesAreStoredAndTextAndJsonAreDeflated() throws Exception {
    List<String> compressed =
        List.of(
            "photo.JPG",
            "scan.jpeg",
            "logo.png",
            "anim.gif",
            "pic.webp",
            "paper.pdf",
            "bundle.zip",
            "logs.tar.gz",
            "dump.bz2",
            "image.xz",
            "backup.7z",
            "song.mp3",
            "clip.mp4",
            "movie.mov",
            "letter.docx",
            "sheet.xlsx",
            "deck.pptx");
    List<String> text = List.of("notes.txt", "data.csv", "config.json", "README", "page.html");
    InMemorySource source = sessionsAndFileInfo("ses_1");
    Random random = new Random(1);
    int id = 0;
    for (String name : concat(compressed, text)) {
      byte[] content = new byte[4096];
      random.nextBytes(content);
      source.file("fil_" + id++, "ses_1", name, content);
    }
    Path archive = dir.resolve("a.zip");

    ArchiveFiles.write(source, JOB, 1000, dir.resolve("spool"), archive);

    Map<String, Integer> methods = ArchiveFiles.methods(archive);
    Map<String, Integer> expected = new HashMap<>();
    compressed.forEach(n -> expected.put("files/ses_1/" + n, ZipEntry.STORED));
    text.forEach(n -> expected.put("files/ses_1/" + n, ZipEntry.DEFLATED));
    for (String section : List.of("manifest.json", "user.json", "session_info.json")) {
      expected.put(section, ZipEntry.DEFLATED);
    }
    assertThat(methods).containsAllEntriesOf(expected);
  }

  @Test
  void everyEntryCarriesTheTimeTheArchiveWasGeneratedInUtc() throws Exception {
    Instant generatedAt = ArchiveFiles.NOW.plusMillis(1_500); // odd: DOS time alone cannot hold it
    InMemorySource source = sessionsAndFileInfo("ses_1");
    source.file("fil_1", "ses_1", "a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    source.file("fil_2", "ses_1", "b.png", new byte[1000]);
    Path archive = dir.resolve("a.zip");

    try (OutputStream out = Files.newOutputStream(archive)) {
      new ExportArchiveWriter(source, 1000, dir.resolve("spool"), new MutableClock(generatedAt))
          .write(JOB, out, ArchiveFiles.NO_PROGRESS);
    }

    Instant toTheSecond = generatedAt.truncatedTo(ChronoUnit.SECONDS);
    List<String> names = new ArrayList<>();
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        names.add(entry.getName());
        X5455_ExtendedTimestamp utc =
            (X5455_ExtendedTimestamp) entry.getExtraField(X5455_ExtendedTimestamp.HEADER_ID);
        assertThat(utc).as("%s has a UTC timestamp", entry.getName()).isNotNull();
        assertThat(utc.getModifyFileTime().toInstant()).as(entry.getName()).isEqualTo(toTheSecond);
        assertThat(entry.getLastModifiedTime().toInstant())
            .as(entry.getName())
            .isEqualTo(toTheSecond);
      }
    }
    assertThat(names)
        .contains("manifest.json", "session_info.json", "files/ses_1/a.txt", "files/ses_1/b.png");
  }

  @Test
  void everyEntryIsOnDiskInTheSpoolBeforeTheArchiveIsWritten() throws Exception {
    InMemorySource source = sessionsAndFileInfo("ses_1");
    source.file("fil_1", "ses_1", "a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    source.file("fil_2", "ses_1", "b.png", new byte[1000]);
    Path spool = dir.resolve("spool");
    ExportArchiveWriter writer =
        new ExportArchiveWriter(source, 1000, spool, new MutableClock(ArchiveFiles.NOW));
    Path archive = dir.resolve("a.zip");

    long spooled;
    try (PreparedArchive prepared = writer.prepare(JOB, ArchiveFiles.NO_PROGRESS);
        OutputStream out = Files.newOutputStream(archive)) {
      spooled = bytesOfFilesUnder(spool); // a full disk must fail the export here, not mid-upload
      prepared.writeTo(out);
    }

    long compressed = 0;
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        if (!entry.getName().equals("manifest.json")) {
          compressed += entry.getCompressedSize();
        }
      }
    }
    assertThat(spooled).isEqualTo(compressed);
  }

  private static long bytesOfFilesUnder(Path dir) throws IOException {
    long bytes = 0;
    for (String file : ArchiveFiles.filesUnder(dir)) {
      bytes += Files.size(dir.resolve(file));
    }
    return bytes;
  }

  @Test
  void theManifestListsEveryFileWithItsSizeAndTheDigestOfItsBytesAndNothingElseIsInTheArchive()
      throws Exception {
    InMemorySource source = sessionsAndFileInfo("ses_1", "ses_2");
    byte[] small = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] large = new byte[300_000];
    new Random(2).nextBytes(large);
    source.file("fil_1", "ses_1", "a.txt", small);
    source.file("fil_2", "ses_2", "b.png", large);
    source.file("fil_3", "ses_2", "empty.txt", new byte[0]);
    Path archive = dir.resolve("a.zip");

    ArchiveFiles.write(source, JOB, 1000, dir.resolve("spool"), archive);

    Map<String, String> digests = ArchiveFiles.digests(archive);
    JsonNode manifest = ArchiveFiles.manifest(archive);
    assertThat(manifest.get("format_version").asInt()).isEqualTo(2);
    Map<String, JsonNode> listed = new HashMap<>();
    for (JsonNode file : manifest.get("files").values()) {
      listed.put(file.get("path").asString(), file);
    }
    assertThat(listed.keySet())
        .containsExactlyInAnyOrder(
            "files/ses_1/a.txt", "files/ses_2/b.png", "files/ses_2/empty.txt");
    Map<String, byte[]> contents =
        Map.of(
            "files/ses_1/a.txt",
            small,
            "files/ses_2/b.png",
            large,
            "files/ses_2/empty.txt",
            new byte[0]);
    for (var file : contents.entrySet()) {
      JsonNode line = listed.get(file.getKey());
      assertThat(line.get("bytes").asLong()).isEqualTo(file.getValue().length);
      String expected = ArchiveFiles.sha256(new java.io.ByteArrayInputStream(file.getValue()));
      assertThat(line.get("sha256").asString()).isEqualTo(expected);
      assertThat(digests.get(file.getKey())).isEqualTo(expected);
    }
    JsonNode filesLine = manifest.get("sections").get(manifest.get("sections").size() - 1);
    assertThat(filesLine.get("name").asString()).isEqualTo("files/");
    assertThat(filesLine.get("record_count").asLong()).isEqualTo(3);
    assertThat(filesLine.get("bytes").asLong()).isEqualTo(small.length + large.length);
    // nothing in the archive that the manifest does not list
    Set<String> sections = new java.util.HashSet<>();
    manifest.get("sections").values().forEach(l -> sections.add(l.get("name").asString()));
    for (String entry : digests.keySet()) {
      assertThat(
              entry.equals("manifest.json")
                  || sections.contains(entry)
                  || listed.containsKey(entry))
          .as(entry)
          .isTrue();
    }
  }

  @Test
  void aCapCountsTheMatchingRecordsItLeftOutAndASectionThatOnlyFitsIsNotCapped() throws Exception {
    InMemorySource source =
        new InMemorySource()
            .section(Sections.USER, new Document("_id", ExportJobs.USER))
            .section(
                Sections.SESSION_INFO,
                session("ses_1"),
                session("ses_2"),
                session("ses_3"),
                session("ses_4"),
                session("ses_5"))
            // three files of exported sessions, then one of a session the cap left out: it does
            // not match, so session_file_info holds exactly the cap and is not capped
            .section(
                Sections.SESSION_FILE_INFO,
                fileInfo("fil_1", "ses_1"),
                fileInfo("fil_2", "ses_2"),
                fileInfo("fil_3", "ses_3"),
                fileInfo("fil_4", "ses_5"));
    for (String file : List.of("a", "b", "c", "d", "e")) {
      source.file("fil_" + file, "ses_1", file + ".txt", file.getBytes(StandardCharsets.UTF_8));
    }
    source.file("fil_x", "ses_4", "x.txt", new byte[] {1}); // its session was left out
    Path archive = dir.resolve("a.zip");
    int cap = 3;

    ArchiveFiles.write(source, JOB, cap, dir.resolve("spool"), archive);

    Map<String, JsonNode> lines = new HashMap<>();
    ArchiveFiles.manifest(archive)
        .get("sections")
        .values()
        .forEach(l -> lines.put(l.get("name").asString(), l));
    assertLine(lines.get("user.json"), 1, false, 0);
    assertLine(lines.get("session_info.json"), cap, true, 5 - cap);
    assertLine(lines.get("session_file_info.json"), cap, false, 0);
    assertLine(lines.get("files/"), cap, true, 5 - cap);
  }

  private static void assertLine(JsonNode line, long count, boolean capped, long leftOut) {
    String name = line.get("name").asString();
    assertThat(line.get("record_count").asLong()).as(name).isEqualTo(count);
    assertThat(line.get("capped").asBoolean()).as(name).isEqualTo(capped);
    assertThat(line.get("left_out").asLong()).as(name).isEqualTo(leftOut);
  }

  static InMemorySource sessionsAndFileInfo(String... sessions) {
    return new InMemorySource()
        .section(Sections.USER, new Document("_id", ExportJobs.USER))
        .section(
            Sections.SESSION_INFO,
            java.util.Arrays.stream(sessions)
                .map(ArchiveEntriesTest::session)
                .toArray(Document[]::new));
  }

  static Document session(String id) {
    return new Document("_id", id).append("user_id", ExportJobs.USER).append("title", id);
  }

  private static Document fileInfo(String id, String sessionId) {
    return new Document("_id", id).append("session_id", sessionId).append("name", id);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
