package io.dataexport.worker.archive;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.digest.Sha256;
import io.dataexport.event.EventJson;
import io.dataexport.export.ExportJob;
import io.dataexport.worker.source.ExportSource;
import io.dataexport.worker.source.Section;
import io.dataexport.worker.source.Sections;
import io.dataexport.worker.source.SourceCursor;
import io.dataexport.worker.source.SourceFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes one export's ZIP. The manifest must come first but describes every section's size and
 * digest, so sections are first spooled to a temporary directory on local disk, then the ZIP is
 * streamed: manifest, sections, files. Memory holds one cursor batch and the ids of the exported
 * sessions (docs/benchmarks.md measures it).
 */
public class ExportArchiveWriter {

  // Plain JSON for consumers: dates as RFC 3339 strings, ids as strings, no MongoDB wrappers.
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder()
          .outputMode(JsonMode.RELAXED)
          .dateTimeConverter(
              (millis, writer) -> writer.writeString(Instant.ofEpochMilli(millis).toString()))
          .objectIdConverter((id, writer) -> writer.writeString(id.toHexString()))
          .build();

  private final ExportSource source;
  private final long sectionCap;
  private final Path spoolRoot;
  private final Clock clock;

  /**
   * @param sectionCap the most records one section holds; the manifest flags a section it cut
   */
  public ExportArchiveWriter(ExportSource source, long sectionCap, Path spoolRoot, Clock clock) {
    this.source = source;
    this.sectionCap = sectionCap;
    this.spoolRoot = spoolRoot;
    this.clock = clock;
  }

  /**
   * Writes the archive of {@code job} to {@code out} (not closed), reporting to {@code progress}
   * between records; a report may throw to abandon the export.
   */
  public Manifest write(ExportJob job, OutputStream out, WriteProgress progress)
      throws IOException {
    Files.createDirectories(spoolRoot);
    Path spool = Files.createTempDirectory(spoolRoot, job.uid() + "-");
    try {
      List<SectionSummary> summaries = new ArrayList<>();
      List<Path> sectionFiles = new ArrayList<>();
      // A file goes with its session: exported exactly when its session is (session_info.json
      // comes before the files' sections in every scope).
      Set<String> exportedSessions = new HashSet<>();
      List<Section> sections = source.sections(job);
      boolean withFiles = source.carriesFiles(job);
      progress.sectionsPlanned(sections.size() + (withFiles ? 1 : 0));
      for (Section section : sections) {
        Path file = spool.resolve(section.entryName());
        Predicate<Document> keep =
            section == Sections.SESSION_FILE_INFO ? inSessions(exportedSessions) : record -> true;
        Consumer<Document> written =
            section == Sections.SESSION_INFO
                ? record -> exportedSessions.add(record.getString("_id"))
                : record -> {};
        summaries.add(spoolSection(section, job, file, keep, written, progress));
        sectionFiles.add(file);
        progress.sectionDone();
      }
      List<SpooledFile> files = new ArrayList<>();
      if (withFiles) {
        summaries.add(
            spoolFiles(
                job, spool.resolve("files"), withSessions(exportedSessions), files, progress));
        progress.sectionDone();
      }
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT_VERSION,
              job.uid(),
              job.enterpriseUid(),
              job.userId(),
              clock.instant(),
              Manifest.Request.of(job),
              summaries,
              Manifest.ALWAYS_EXCLUDED);
      zip(manifest, sectionFiles, files, out);
      return manifest;
    } finally {
      deleteRecursively(spool);
    }
  }

  private static Predicate<Document> inSessions(Set<String> sessionIds) {
    return file -> sessionIds.contains(file.getString("session_id"));
  }

  private static Predicate<SourceFile> withSessions(Set<String> sessionIds) {
    return file -> file.sessionId() == null || sessionIds.contains(file.sessionId());
  }

  private SectionSummary spoolSection(
      Section section,
      ExportJob job,
      Path file,
      Predicate<Document> keep,
      Consumer<Document> written,
      WriteProgress progress)
      throws IOException {
    MessageDigest sha256 = sha256();
    long count = 0;
    boolean capped = false;
    try (DigestOutputStream digest =
            new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256);
        SourceCursor<Document> records = source.records(section, job)) {
      digest.write('[');
      while (records.hasNext()) {
        if (count == sectionCap) {
          capped = true;
          break;
        }
        Document record = records.next();
        if (!keep.test(record)) {
          continue;
        }
        digest.write((count == 0 ? "\n" : ",\n").getBytes(StandardCharsets.UTF_8));
        digest.write(record.toJson(JSON).getBytes(StandardCharsets.UTF_8));
        written.accept(record);
        count++;
        progress.recordWritten();
      }
      digest.write((count == 0 ? "]\n" : "\n]\n").getBytes(StandardCharsets.UTF_8));
    }
    return new SectionSummary(section.entryName(), count, capped, Files.size(file), hex(sha256));
  }

  /** Spools the attached files; the manifest's "files/" line sums their bytes. */
  private SectionSummary spoolFiles(
      ExportJob job,
      Path dir,
      Predicate<SourceFile> keep,
      List<SpooledFile> spooled,
      WriteProgress progress)
      throws IOException {
    Files.createDirectories(dir);
    long bytes = 0;
    boolean capped = false;
    Set<String> used = new HashSet<>();
    try (SourceCursor<SourceFile> files = source.files(job)) {
      while (files.hasNext()) {
        if (spooled.size() == sectionCap) {
          capped = true;
          break;
        }
        SourceFile file = files.next();
        if (!keep.test(file)) {
          continue;
        }
        String entry = uniqueEntryName(file, used);
        Path path = dir.resolve(Integer.toString(spooled.size()));
        try (InputStream content = file.content().open()) {
          bytes += Files.copy(content, path);
        }
        spooled.add(new SpooledFile(entry, path));
        progress.recordWritten();
      }
    }
    return new SectionSummary("files/", spooled.size(), capped, bytes, null);
  }

  /**
   * {@code <folder>/<name>}, each segment reduced to one safe path segment (no traversal out of the
   * archive's folder when it is unpacked) and the name made unique in its folder.
   */
  static String uniqueEntryName(SourceFile file, Set<String> used) {
    String folder =
        Stream.of(file.folder().split("/"))
            .map(ExportArchiveWriter::safeSegment)
            .collect(Collectors.joining("/"));
    String name = safeSegment(file.name());
    String entry = folder + "/" + name;
    // the id-prefixed name may itself be taken (another file named so): prefix again until free
    while (!used.add(entry)) {
      name = safeSegment(file.id()) + "_" + name;
      entry = folder + "/" + name;
    }
    return entry;
  }

  private static String safeSegment(String raw) {
    String name = raw == null ? "" : raw.substring(raw.lastIndexOf('/') + 1);
    name = name.substring(name.lastIndexOf('\\') + 1).replaceAll("[^A-Za-z0-9._ -]", "_");
    return name.isBlank() || name.equals(".") || name.equals("..") ? "unnamed" : name;
  }

  private static void zip(
      Manifest manifest, List<Path> sections, List<SpooledFile> files, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.putNextEntry(new ZipEntry(ArchiveLayout.MANIFEST));
    zip.write(EventJson.write(manifest).getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    for (Path section : sections) {
      zip.putNextEntry(new ZipEntry(section.getFileName().toString()));
      Files.copy(section, zip);
      zip.closeEntry();
    }
    for (SpooledFile file : files) {
      zip.putNextEntry(new ZipEntry(file.entryName()));
      Files.copy(file.path(), zip);
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }

  private record SpooledFile(String entryName, Path path) {}

  private static MessageDigest sha256() {
    return Sha256.newDigest();
  }

  private static String hex(MessageDigest digest) {
    return Sha256.hex(digest);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ExportArchiveWriter::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("could not clean spool directory " + dir, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
