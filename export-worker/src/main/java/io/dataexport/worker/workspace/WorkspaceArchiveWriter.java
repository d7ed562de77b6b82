package io.dataexport.worker.workspace;

import io.dataexport.export.ExportJob;
import io.dataexport.worker.archive.ArchivePreparer;
import io.dataexport.worker.archive.RecordJson;
import io.dataexport.worker.archive.WriteProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a workspace export: one JSON document that leads with its coverage manifest, then one key
 * per section ({@link WorkspaceSections}). The manifest states every section's record count, so the
 * sections are read first into a gzipped spool on local disk, counted as they go; memory holds one
 * record and the manifest, however large the enterprise.
 */
public class WorkspaceArchiveWriter implements ArchivePreparer {

  private final List<WorkspaceSection> sections;
  private final long sectionCap;
  private final Path spoolRoot;
  private final Clock clock;

  /**
   * @param sectionCap the most records one section holds; the manifest flags a section it cut
   */
  WorkspaceArchiveWriter(
      List<WorkspaceSection> sections, long sectionCap, Path spoolRoot, Clock clock) {
    this.sections = List.copyOf(sections);
    this.sectionCap = sectionCap;
    this.spoolRoot = spoolRoot;
    this.clock = clock;
  }

  @Override
  public WorkspaceArchive prepare(ExportJob job, WriteProgress progress) throws IOException {
    Files.createDirectories(spoolRoot);
    Path spool = Files.createTempDirectory(spoolRoot, job.uid() + "-");
    Path spooled = spool.resolve("sections.json.gz");
    Instant generatedAt = clock.instant();
    try {
      List<SectionCoverage> coverage = new ArrayList<>();
      progress.sectionsPlanned(sections.size());
      try (OutputStream file = new GZIPOutputStream(Files.newOutputStream(spooled), 64 * 1024);
          JsonGenerator json = WorkspaceArchive.JSON.createGenerator(file)) {
        json.writeStartObject();
        for (WorkspaceSection section : sections) {
          json.writeName(section.name());
          coverage.add(write(section, job, json, progress));
          progress.sectionDone();
        }
        json.writeEndObject();
      }
      return new WorkspaceArchive(
          new CoverageManifest(generatedAt, job.uid(), job.enterpriseUid(), coverage),
          spooled,
          spool);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(spooled);
      Files.deleteIfExists(spool);
      throw e;
    }
  }

  private SectionCoverage write(
      WorkspaceSection section, ExportJob job, JsonGenerator json, WriteProgress progress) {
    long[] written = {0};
    long[] leftOut = {0};
    if (!section.singleRecord()) {
      json.writeStartArray();
    }
    section.read(
        job,
        (Document record) -> {
          if (written[0] == sectionCap || (section.singleRecord() && written[0] == 1)) {
            leftOut[0]++; // counted past the cap, never written
            return;
          }
          json.writeRawValue(RecordJson.of(record));
          written[0]++;
          progress.recordWritten();
        });
    if (section.singleRecord()) {
      if (written[0] == 0) {
        json.writeNull();
      }
    } else {
      json.writeEndArray();
    }
    return new SectionCoverage(section.name(), written[0], leftOut[0] > 0, leftOut[0]);
  }
}
