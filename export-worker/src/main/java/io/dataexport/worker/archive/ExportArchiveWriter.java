package io.dataexport.worker.archive;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.export.ExportJob;
import io.dataexport.worker.source.ExportSource;
import io.dataexport.worker.source.Section;
import io.dataexport.worker.source.SourceCursor;
import io.dataexport.worker.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.bson.Document;

/**
 * Writes one export's ZIP. The manifest must come first but states every entry's size and digest,
 * so each entry is first compressed into a spool on local disk while it is measured (the spool
 * holds compressed bytes only), then the ZIP is streamed: manifest, sections, files. The calling
 * thread reads the source and serialises records while a second thread compresses them ({@link
 * EntryPipeline}). Memory holds one record, a few fixed buffers and, per entry, its manifest line
 * and what the ZIP's headers need of it: about 400 bytes per file while the entries are read, 840
 * while the ZIP is written (docs/benchmarks.md, "Memory per archive entry").
 */
public class ExportArchiveWriter implements ArchivePreparer {

  private final ExportSource source;
  private final long sectionCap;
  private final Path spoolRoot;
  private final Clock clock;
  private final ManifestSigner signer;

  /**
   * @param sectionCap the most records one section holds; the manifest flags a section it cut
   */
  public ExportArchiveWriter(ExportSource source, long sectionCap, Path spoolRoot, Clock clock) {
    this(source, sectionCap, spoolRoot, clock, null);
  }

  /**
   * @param signer signs each manifest (the archive's second entry); null leaves archives unsigned
   */
  public ExportArchiveWriter(
      ExportSource source, long sectionCap, Path spoolRoot, Clock clock, ManifestSigner signer) {
    this.source = source;
    this.sectionCap = sectionCap;
    this.spoolRoot = spoolRoot;
    this.clock = clock;
    this.signer = signer;
  }

  /**
   * Writes the archive of {@code job} to {@code out} (not closed), reporting to {@code progress}
   * between records; a report may throw to abandon the export. Nothing reaches {@code out} before
   * every entry was read.
   */
  public Manifest write(ExportJob job, OutputStream out, WriteProgress progress)
      throws IOException {
    try (PreparedArchive archive = prepare(job, progress)) {
      archive.writeTo(out);
      return archive.manifest();
    }
  }

  /**
   * Reads every entry of {@code job}'s archive into the spool and states the manifest; the archive
   * is then written with {@link PreparedArchive#writeTo}. So a caller can open its upload only once
   * there is something to write: an upload that stayed idle while the entries were compressed would
   * look abandoned to the sweep.
   */
  @Override
  public PreparedArchive prepare(ExportJob job, WriteProgress progress) throws IOException {
    Files.createDirectories(spoolRoot);
    Path spool = Files.createTempDirectory(spoolRoot, job.uid() + "-");
    Instant generatedAt = clock.instant();
    EntrySpool entries = null;
    try {
      entries = new EntrySpool(spool.resolve("entries"), generatedAt);
      Manifest manifest;
      try (EntryPipeline pipeline = new EntryPipeline(entries, "archive-compressor-" + job.uid())) {
        manifest = spoolEntries(job, generatedAt, pipeline, progress);
      }
      entries.finishWriting();
      return new PreparedArchive(manifest, signer, entries, spool);
    } catch (IOException | RuntimeException | Error e) {
      if (entries != null) {
        entries.close();
      }
      PreparedArchive.deleteRecursively(spool);
      throw e;
    }
  }

  private Manifest spoolEntries(
      ExportJob job, Instant generatedAt, EntryPipeline entries, WriteProgress progress)
      throws IOException {
    List<SectionSummary> summaries = new ArrayList<>();
    List<FileEntry> files = new ArrayList<>();
    EntryNames names = new EntryNames();
    names.reserve(ArchiveLayout.MANIFEST);
    names.reserve(ArchiveLayout.MANIFEST_SIGNATURE);
    List<Section> sections = source.sections(job);
    boolean withFiles = source.carriesFiles(job);
    progress.sectionsPlanned(sections.size() + (withFiles ? 1 : 0));
    for (Section section : sections) {
      names.reserve(section.entryName());
      summaries.add(writeSection(section, job, entries, record -> progress.recordWritten()));
      progress.sectionDone();
    }
    if (withFiles) {
      summaries.add(writeFiles(job, entries, names, files, progress));
      progress.sectionDone();
    }
    return new Manifest(
        Manifest.FORMAT_VERSION,
        job.uid(),
        job.enterpriseUid(),
        job.userId(),
        generatedAt,
        Manifest.Request.of(job),
        summaries,
        withFiles ? files : null,
        Manifest.ALWAYS_EXCLUDED);
  }

  /**
   * One section's records. A section the cap cut is reported to the source with its last record
   * written, so what follows it (a session's files) is read for the records written only.
   */
  private SectionSummary writeSection(
      Section section, ExportJob job, EntryPipeline entries, Consumer<Document> written)
      throws IOException {
    try (SourceCursor<Document> records = source.records(section, job)) {
      JsonArrayWriter json = new JsonArrayWriter(records, sectionCap, written);
      EntrySpool.Written entry = entries.add(section.entryName(), ZipArchiveEntry.DEFLATED, json);
      if (json.leftOut() > 0) {
        source.cut(section, job, json.lastWritten());
      }
      return new SectionSummary(
          entry.name(),
          json.count(),
          json.leftOut() > 0,
          json.leftOut(),
          entry.bytes(),
          entry.sha256());
    }
  }

  /** The files, each under a safe unique name; the manifest's "files/" line sums them. */
  private SectionSummary writeFiles(
      ExportJob job,
      EntryPipeline entries,
      EntryNames names,
      List<FileEntry> written,
      WriteProgress progress)
      throws IOException {
    long bytes = 0;
    long leftOut = 0;
    try (SourceCursor<SourceFile> files = source.files(job)) {
      while (files.hasNext()) {
        SourceFile file = files.next();
        if (written.size() == sectionCap) {
          leftOut++; // counted, never opened
          continue;
        }
        String name = names.unique(file.folder(), file.name(), file.id());
        InputStream content = file.content().open();
        EntrySpool.Written entry =
            entries.add(name, EntryMethods.forName(name), out -> copy(content, out));
        written.add(new FileEntry(entry.name(), entry.bytes(), entry.sha256()));
        bytes += entry.bytes();
        progress.recordWritten();
      }
    }
    return new SectionSummary(
        ArchiveLayout.FILES_FOLDER, written.size(), leftOut > 0, leftOut, bytes, null);
  }

  /** Copies {@code content} to its end into {@code out}, then closes it. */
  private static void copy(InputStream content, OutputStream out) throws IOException {
    try (content) {
      content.transferTo(out);
    }
  }
}
