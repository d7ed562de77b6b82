package io.dataexport.worker.workspace;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.JobKind;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * Every export of the enterprise, oldest first: who exported whom (or the workspace), when, why,
 * and how it ended. This export itself is listed too, as running: its outcome is the archive.
 */
final class ExportHistory implements WorkspaceSection {

  private final ExportJobStore jobs;

  ExportHistory(ExportJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "exports";
  }

  @Override
  public void read(ExportJob job, Consumer<Document> each) {
    jobs.forEachOfEnterprise(job.enterpriseUid(), past -> each.accept(record(past)));
  }

  private static Document record(ExportJob job) {
    Document record =
        new Document("export_uid", job.uid())
            .append("kind", job.kind().wireName())
            .append("user_id", job.userId())
            .append("scope", job.kind() == JobKind.WORKSPACE ? null : scope(job))
            .append("status", job.status().name())
            .append("reason", job.reason())
            .append("requested_by_key_id", job.requestedByKeyId())
            .append("created_at", date(job.createdAt()))
            .append("started_at", date(job.startedAt()))
            .append("finished_at", date(job.finishedAt()))
            .append("attempts", job.attempt())
            .append("error_code", job.failure() == null ? null : job.failure().code())
            .append("legal_hold", job.legalHold());
    if (job.archive() != null) {
      record
          .append("archive_size_bytes", job.archive().sizeBytes())
          .append("archive_sha256", job.archive().sha256())
          .append("archive_expires_at", date(job.archive().expiresAt()))
          .append("archive_deleted_at", date(job.archive().deletedAt()));
    }
    return record;
  }

  private static String scope(ExportJob job) {
    return job.filters().scope().name();
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }
}
