package io.dataexport.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.digest.Sha256;
import io.dataexport.export.ExportJob;
import io.dataexport.time.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Writes archives to files and reads them back the ways their users will. */
final class ArchiveFiles {

  static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
  static final JsonMapper JSON = JsonMapper.builder().build();

  private ArchiveFiles() {}

  static final WriteProgress NO_PROGRESS =
      new WriteProgress() {
        @Override
        public void sectionsPlanned(int sections) {}

        @Override
        public void recordWritten() {}

        @Override
        public void sectionDone() {}
      };

  /** Writes {@code job}'s archive from {@code source} to {@code archive}. */
  static Manifest write(InMemorySource source, ExportJob job, long cap, Path spool, Path archive)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(archive)) {
      return new ExportArchiveWriter(source, cap, spool, new MutableClock(NOW))
          .write(job, out, NO_PROGRESS);
    }
  }

  /** Entry names with their methods, in archive order, as java.util.zip reads them. */
  static Map<String, Integer> methods(Path archive) throws IOException {
    Map<String, Integer> methods = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        methods.put(entry.getName(), entry.getMethod());
      }
    }
    return methods;
  }

  /** Each entry's SHA-256, read with java.util.zip. */
  static Map<String, String> digests(Path archive) throws IOException {
    Map<String, String> digests = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          digests.put(entry.getName(), sha256(in));
        }
      }
    }
    return digests;
  }

  static JsonNode manifest(Path archive) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("manifest.json"))) {
      return JSON.readTree(in.readAllBytes());
    }
  }

  static String sha256(InputStream in) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[1 << 16];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
    }
    return Sha256.hex(digest);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  /** Runs a command to its end (at most 3 minutes), returning its exit code and output. */
  static Run run(Path dir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
    return new Run(process.exitValue(), new String(output));
  }

  record Run(int exitCode, String output) {}

  /** Every regular file under {@code dir}, relative to it, with '/' separators. */
  static List<String> filesUnder(Path dir) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .filter(Files::isRegularFile)
          .forEach(p -> files.add(dir.relativize(p).toString().replace('\\', '/')));
    }
    return files;
  }
}
