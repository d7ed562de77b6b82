package io.dataexport.export;

import io.dataexport.api.v1.ExportStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable export jobs. Every state change is a compare-and-set on the current status, checked
 * against {@link ExportLifecycle}; losing a race raises {@link ExportStateConflictException}.
 */
public interface ExportJobStore {

  void insert(ExportJob job);

  Optional<ExportJob> find(String uid);

  /** {@code PENDING → PROCESSING}; refused while another of the user's exports is processing. */
  ExportJob markProcessing(String uid, Instant now);

  /**
   * Keeps a running job's heartbeat fresh so a sweeper can tell it from an abandoned one. Returns
   * false when the job is no longer PROCESSING, and its worker should stop.
   */
  boolean heartbeat(String uid, Instant now);

  ExportJob markCompleted(String uid, ExportJob.ArchiveRef archive, Instant now);

  ExportJob markFailed(String uid, String errorMessage, Instant now);

  ExportJob markCancelled(String uid, Instant now);

  /** A page of one user's exports, newest first, optionally of one status. */
  List<ExportJob> listForUser(ExportListQuery query);

  /** Jobs in {@code status} not updated since {@code before}, oldest first. */
  List<ExportJob> findStale(ExportStatus status, Instant before, int limit);

  /**
   * Notes that a PENDING job was requested again, so that it counts as stale only once more time
   * passes without a worker claiming it. No-op unless the job is still PENDING.
   */
  void touchPending(String uid, Instant now);

  /** COMPLETED jobs whose archive's retention ended before {@code now} and is not yet deleted. */
  List<ExportJob> findExpiredArchives(Instant now, int limit);

  /** Records that the job's archive was deleted from the archive store. */
  void markArchiveDeleted(String uid, Instant now);

  /**
   * Which page of a user's exports to read. {@code after} is the position of the last job of the
   * previous page, or null for the first page.
   */
  record ExportListQuery(
      String enterpriseUid, String userId, ExportStatus status, ExportCursor after, int limit) {}

  /** A position in the newest-first order: ties on creation time are broken by uid. */
  record ExportCursor(Instant createdAt, String uid) {}
}
