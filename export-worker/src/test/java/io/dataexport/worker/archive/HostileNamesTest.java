package io.dataexport.worker.archive;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * File names and session ids as an attacker or a careless user would choose them: the archive
 * unpacks inside its folder, every file whole and none over another, with {@code unzip}, Python's
 * {@code zipfile} and a naive java.util.zip extractor.
 */
class HostileNamesTest {

  private static final List<String> NAMES =
      List.of(
          "../../../../escaped.txt",
          "/etc/passwd",
          "C:\\Windows\\system.ini",
          "..",
          ".",
          "",
          "nul\u0000byte.txt",
          "line\nbreak\r.txt",
          "bell\u0007\u001b[31mred.txt",
          "invoice\u202Etxt.exe",
          "CON",
          "aux.txt",
          "what?*<>|:\"ever.txt",
          "trailing dots... ",
          "x".repeat(300) + ".txt",
          "日本語のファイル名".repeat(20) + ".pdf",
          "café.txt", // composed é
          "cafe\u0301.txt", // the same name decomposed: one file each, NFC
          "Report.TXT",
          "report.txt",
          "REPORT.txt",
          "emoji 😀.png");

  @TempDir Path dir;
  private Path archive;
  private Map<String, byte[]> contentByName;

  @BeforeEach
  void writeArchive() throws IOException {
    InMemorySource source = ArchiveEntriesTest.sessionsAndFileInfo("ses_1", "../../ses_up");
    contentByName = new HashMap<>();
    int id = 0;
    for (String name : NAMES) {
      byte[] content = ("content of file " + id).getBytes(StandardCharsets.UTF_8);
      source.file("fil_" + id++, "ses_1", name, content);
    }
    byte[] upContent = "session id with dots".getBytes(StandardCharsets.UTF_8);
    source.file("../fil_up", "../../ses_up", "../up.txt", upContent);
    ExportJob job =
        ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();
    archive = dir.resolve("archive.zip");
    ArchiveFiles.write(source, job, 1000, dir.resolve("spool"), archive);
  }

  @Test
  void everyNameIsOneSafeUtf8FlaggedNfcPathUniqueIgnoringCase() throws IOException {
    List<String> files = new ArrayList<>();
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        String name = entry.getName();
        assertThat(entry.getGeneralPurposeBit().usesUTF8ForNames()).as(name).isTrue();
        assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).as(name).isTrue();
        assertThat(name).as(name).doesNotStartWith("/").doesNotContain("\\", ":");
        assertThat(name.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e))
            .as(name)
            .isTrue();
        for (String segment : name.split("/")) {
          assertThat(segment).as(name).isNotEmpty().isNotIn(".", "..");
          assertThat(segment.getBytes(StandardCharsets.UTF_8).length).as(name).isLessThan(256);
          assertThat(segment).as(name).doesNotEndWith(".").doesNotEndWith(" ");
          assertThat(segment.toUpperCase(Locale.ROOT)).isNotIn("CON", "AUX", "AUX.TXT", "NUL");
        }
        if (name.startsWith("files/")) {
          files.add(name);
        }
      }
    }
    assertThat(files).hasSize(NAMES.size() + 1);
    Set<String> folded =
        files.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    assertThat(folded).hasSize(files.size());
    // kept, not replaced: the user still recognises the names
    assertThat(files)
        .contains("files/ses_1/café.txt", "files/ses_1/emoji 😀.png", "files/ses_1/Report.TXT");
  }

  @Test
  void unzipExtractsEveryFileInsideItsFolder() throws Exception {
    Path out = dir.resolve("by-unzip").resolve("out");
    Files.createDirectories(out);
    ArchiveFiles.Run unzip =
        ArchiveFiles.run(dir, "unzip", "-q", archive.toString(), "-d", out.toString());
    assertThat(unzip.exitCode()).as(unzip.output()).isZero();
    assertExtractedWholeInside(out);
  }

  @Test
  void pythonExtractsEveryFileInsideItsFolder() throws Exception {
    Path out = dir.resolve("by-python").resolve("out");
    Files.createDirectories(out);
    ArchiveFiles.Run python =
        ArchiveFiles.run(dir, "python3", "-m", "zipfile", "-e", archive.toString(), out.toString());
    assertThat(python.exitCode()).as(python.output()).isZero();
    assertExtractedWholeInside(out);
  }

  @Test
  void aNaiveJavaExtractorThatTrustsTheNamesStaysInsideItsFolder() throws Exception {
    Path out = dir.resolve("by-java").resolve("out");
    Files.createDirectories(out);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
      for (java.util.zip.ZipEntry entry : Collections.list(zip.entries())) {
        Path target = out.resolve(entry.getName()); // no checks: the names must need none
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, target);
        }
      }
    }
    assertExtractedWholeInside(out);
  }

  /** Everything landed under {@code out}, nothing beside it, and each file as the manifest says. */
  private void assertExtractedWholeInside(Path out) throws IOException {
    try (var beside = Files.list(out.getParent())) {
      assertThat(beside.toList()).containsExactly(out);
    }
    List<String> extracted = ArchiveFiles.filesUnder(out);
    JsonNode manifest = ArchiveFiles.manifest(archive);
    Map<String, JsonNode> listed = new HashMap<>();
    manifest.get("files").values().forEach(f -> listed.put(f.get("path").asString(), f));
    List<String> expected = new ArrayList<>(listed.keySet());
    manifest.get("sections").values().stream()
        .map(l -> l.get("name").asString())
        .filter(n -> !n.endsWith("/"))
        .forEach(expected::add);
    expected.add("manifest.json");
    // compared as normalised NFC: a file system may hand names back decomposed
    assertThat(extracted.stream().map(HostileNamesTest::nfc).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (String path : extracted) {
      JsonNode file = listed.get(nfc(path));
      if (file != null) {
        assertThat(ArchiveFiles.sha256(out.resolve(path)))
            .as(path)
            .isEqualTo(file.get("sha256").asString());
      }
    }
  }

  private static String nfc(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFC);
  }
}
