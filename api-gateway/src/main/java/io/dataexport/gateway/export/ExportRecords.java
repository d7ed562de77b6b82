package io.dataexport.gateway.export;

import io.dataexport.api.v1.ExportProgress;
import io.dataexport.api.v1.ExportRecord;
import io.dataexport.archive.SignedLink;
import io.dataexport.export.ExportJob;
import io.dataexport.gateway.api.ProtoTime;

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
            .setCreatedAt(ProtoTime.timestamp(job.createdAt()))
            .setUpdatedAt(ProtoTime.timestamp(job.updatedAt()))
            .setIncludeDeleted(f.includeDeleted())
            .setIncludeFiles(f.includeFiles())
            .addAllSessionIds(f.sessionIds())
            .addAllWebdevProjectUids(f.webdevProjectUids())
            .addAllProjectUids(f.projectUids());
    if (job.startedAt() != null) {
      record.setStartedAt(ProtoTime.timestamp(job.startedAt()));
    }
    if (job.finishedAt() != null) {
      record.setFinishedAt(ProtoTime.timestamp(job.finishedAt()));
    }
    if (f.startTime() != null) {
      record.setStartTime(ProtoTime.timestamp(f.startTime()));
    }
    if (f.endTime() != null) {
      record.setEndTime(ProtoTime.timestamp(f.endTime()));
    }
    if (job.reason() != null) {
      record.setReason(job.reason());
    }
    if (job.failure() != null) {
      record.setErrorCode(job.failure().code()).setErrorMessage(job.failure().message());
    }
    if (job.archive() != null) {
      record.setFileSizeBytes(job.archive().sizeBytes()).setFileSha256(job.archive().sha256());
      record.setFileExpiresAt(ProtoTime.timestamp(job.archive().expiresAt()));
      if (job.archive().deletedAt() != null) {
        record.setArchiveExpiredAt(ProtoTime.timestamp(job.archive().deletedAt()));
      }
    }
    record.setAttempt(job.attempt()).setLegalHold(job.legalHold());
    if (job.progress() != null) {
      record.setProgress(
          ExportProgress.newBuilder()
              .setSectionsDone(job.progress().sectionsDone())
              .setSectionsTotal(job.progress().sectionsTotal())
              .setRecordsWritten(job.progress().records())
              .setBytesWritten(job.progress().bytes()));
    }
    if (link != null) {
      record
          .setFileUrl(link.url().toString())
          .setUrlExpiresAt(ProtoTime.timestamp(link.expiresAt()));
    }
    return record.build();
  }
}
