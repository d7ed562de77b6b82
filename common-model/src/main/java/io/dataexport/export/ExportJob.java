package io.dataexport.export;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import java.time.Instant;
import java.util.List;

/**
 * An export job as stored: what was asked ({@link ExportFilters}), by whom, and how far it got.
 * Instances are immutable snapshots; state changes go through the job store's compare-and-set.
 */
public record ExportJob(
    String uid,
    String enterpriseUid,
    String userId,
    ExportStatus status,
    ExportFilters filters,
    String reason,
    String requestedByKeyId,
    String requestId,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt,
    ArchiveRef archive,
    String errorMessage) {

  /** The request's scope and filters, as the archive's manifest repeats them. */
  public record ExportFilters(
      EnterpriseExportScope scope,
      boolean includeDeleted,
      boolean includeFiles,
      Instant startTime,
      Instant endTime,
      List<String> sessionIds,
      List<String> webdevProjectUids,
      List<String> projectUids) {

    public ExportFilters {
      sessionIds = List.copyOf(sessionIds);
      webdevProjectUids = List.copyOf(webdevProjectUids);
      projectUids = List.copyOf(projectUids);
    }

    /**
     * Whether a record created at {@code createdAt} falls inside the time bounds (both inclusive).
     */
    public boolean coversTime(Instant createdAt) {
      return (startTime == null || !createdAt.isBefore(startTime))
          && (endTime == null || !createdAt.isAfter(endTime));
    }
  }

  /** Where a finished archive lives in the archive store, and what it holds. */
  public record ArchiveRef(String objectName, long sizeBytes, String sha256, Instant expiresAt) {}

  /** A new job, as the gateway creates it. */
  public static ExportJob pending(
      String uid,
      String enterpriseUid,
      String userId,
      ExportFilters filters,
      String reason,
      String requestedByKeyId,
      String requestId,
      Instant now) {
    return new ExportJob(
        uid,
        enterpriseUid,
        userId,
        ExportStatus.EXPORT_STATUS_PENDING,
        filters,
        reason,
        requestedByKeyId,
        requestId,
        now,
        now,
        null,
        null,
        null,
        null);
  }
}
