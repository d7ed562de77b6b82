package io.dataexport.export;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import java.time.Instant;
import java.util.List;

/**
 * An export job as stored: what was asked ({@link ExportFilters}), by whom, and how far it got.
 * Instances are immutable snapshots; state changes go through the job store's compare-and-set.
 *
 * @param attempt how many times a worker has claimed the job (0 until the first claim)
 * @param lease who runs the job and until when, while it is PROCESSING; null otherwise
 * @param progress what the running (or last) attempt reported; null before the first report
 * @param failedAttempts the attempts that ended without a result, oldest first, each with why
 * @param failure why the job FAILED; null unless it did
 * @param legalHold an administrator's hold: the archive is kept past its retention until released
 * @param kind a user's data or the enterprise's workspace; {@code userId} is null for a workspace
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
    int attempt,
    Lease lease,
    Progress progress,
    List<FailedAttempt> failedAttempts,
    Failure failure,
    boolean legalHold,
    JobKind kind) {

  public ExportJob {
    failedAttempts = List.copyOf(failedAttempts);
  }

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

    /** A workspace export's: it has no scope or filters, it always covers the whole workspace. */
    public static final ExportFilters NONE =
        new ExportFilters(
            EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_UNSPECIFIED,
            false,
            false,
            null,
            null,
            List.of(),
            List.of(),
            List.of());
  }

  /**
   * Where a finished archive lives in the archive store, and what it holds. {@code deletedAt} is
   * set once retention removed it from the store.
   */
  public record ArchiveRef(
      String objectName, long sizeBytes, String sha256, Instant expiresAt, Instant deletedAt) {

    public ArchiveRef(String objectName, long sizeBytes, String sha256, Instant expiresAt) {
      this(objectName, sizeBytes, sha256, expiresAt, null);
    }
  }

  /** The worker that holds a PROCESSING job, and when its claim lapses unless renewed. */
  public record Lease(String workerId, Instant expiresAt) {}

  /** How far a running export got: archive sections done of all, records and bytes written. */
  public record Progress(int sectionsDone, int sectionsTotal, long records, long bytes) {

    public static final Progress NONE = new Progress(0, 0, 0, 0);
  }

  /** An attempt that ended without a result: its lease lapsed, or it met a passing failure. */
  public record FailedAttempt(int attempt, String workerId, Instant at, String reason) {}

  /** Why a job FAILED: a stable code for programs and a message for people. */
  public record Failure(String code, String message) {}

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
        0,
        null,
        null,
        List.of(),
        null,
        false,
        JobKind.USER_DATA);
  }

  /** A new whole-workspace export of {@code enterpriseUid}, as the gateway creates it. */
  public static ExportJob pendingWorkspace(
      String uid,
      String enterpriseUid,
      String reason,
      String requestedByKeyId,
      String requestId,
      Instant now) {
    return new ExportJob(
        uid,
        enterpriseUid,
        null,
        ExportStatus.EXPORT_STATUS_PENDING,
        ExportFilters.NONE,
        reason,
        requestedByKeyId,
        requestId,
        now,
        now,
        null,
        null,
        null,
        0,
        null,
        null,
        List.of(),
        null,
        false,
        JobKind.WORKSPACE);
  }

  /** The job as a claim leaves it: PROCESSING, its attempt counted, leased to {@code workerId}. */
  public ExportJob claimed(String workerId, Instant leaseUntil, Instant now) {
    return new ExportJob(
        uid,
        enterpriseUid,
        userId,
        ExportStatus.EXPORT_STATUS_PROCESSING,
        filters,
        reason,
        requestedByKeyId,
        requestId,
        createdAt,
        now,
        now,
        null,
        null,
        attempt + 1,
        new Lease(workerId, leaseUntil),
        Progress.NONE,
        failedAttempts,
        null,
        legalHold,
        kind);
  }

  /** Whose exports this one runs in line with. */
  public ExportSubject subject() {
    return new ExportSubject(kind, enterpriseUid, userId);
  }

  /** Whether the job is over: nothing changes its status any more. */
  public boolean finished() {
    return ExportLifecycle.isTerminal(status);
  }
}
