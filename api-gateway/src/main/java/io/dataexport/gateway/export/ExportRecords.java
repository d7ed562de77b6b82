package io.dataexport.gateway.export;

import com.google.protobuf.Timestamp;
import io.dataexport.api.v1.ExportRecord;
import io.dataexport.archive.SignedLink;
import io.dataexport.export.ExportJob;
import java.time.Instant;

/** Maps stored jobs to the API's {@link ExportRecord}. */
final class ExportRecords {

  private ExportRecords() {}

  /** The record; {@code link}, when not null, fills {@code file_url} and {@code url_expires_at}. */
  static ExportRecord toRecord(ExportJob job, SignedLink link) {
    ExportJob.ExportFilters f = job.filters();
    ExportRecord.Builder record =
        ExportRecord.newBuilder()
            .setUid(job.uid())
            .setStatus(job.status())
            .setUserId(job.userId())
            .setEnterpriseUid(job.enterpriseUid())
            .setScope(f.scope())
            .setCreatedAt(timestamp(job.createdAt()))
            .setUpdatedAt(timestamp(job.updatedAt()))
            .setIncludeDeleted(f.includeDeleted())
            .setIncludeFiles(f.includeFiles())
            .addAllSessionIds(f.sessionIds())
            .addAllWebdevProjectUids(f.webdevProjectUids())
            .addAllProjectUids(f.projectUids());
    if (job.startedAt() != null) {
      record.setStartedAt(timestamp(job.startedAt()));
    }
    if (job.finishedAt() != null) {
      record.setFinishedAt(timestamp(job.finishedAt()));
    }
    if (f.startTime() != null) {
      record.setStartTime(timestamp(f.startTime()));
    }
    if (f.endTime() != null) {
      record.setEndTime(timestamp(f.endTime()));
    }
    if (job.reason() != null) {
      record.setReason(job.reason());
    }
    if (job.errorMessage() != null) {
      record.setErrorMessage(job.errorMessage());
    }
    if (job.archive() != null) {
      record.setFileSizeBytes(job.archive().sizeBytes());
      record.setFileExpiresAt(timestamp(job.archive().expiresAt()));
    }
    if (link != null) {
      record.setFileUrl(link.url().toString()).setUrlExpiresAt(timestamp(link.expiresAt()));
    }
    return record.build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
