package io.dataexport.export;

import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJob.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable export jobs. Every state change is a compare-and-set on the current status, checked
 * against {@link ExportLifecycle}, and writes the events it must announce (its audit event, and an
 * ExportRequested whenever the job becomes PENDING) into the job's outbox in the same atomic write.
 * Losing a race raises {@link ExportStateConflictException}.
 */
public interface ExportJobStore {

  /**
   * Stores a new PENDING job, unless the request repeats one: the same Idempotency-Key answers the
   * job it created, an identical request answers the user's job still PENDING or PROCESSING.
   *
   * @throws CreateRefusedException when the user has too many queued exports, or the key was used
   *     for a different request
   */
  Created create(ExportJob job, CreateOptions options);

  Optional<ExportJob> find(String uid);

  /**
   * Claims the subject's oldest PENDING export for {@code workerId}: it becomes PROCESSING with its
   * attempt counted and a lease until {@code leaseUntil}. The oldest, not a named one, so the
   * subject's exports run in request order even after one of them was handed back.
   */
  Claim claimNext(ExportSubject subject, String workerId, Instant leaseUntil, Instant now);

  /**
   * Extends the lease and records progress. False when the owner lost the job (cancelled, its lease
   * lapsed and it moved on): the worker must stop, and may write nothing more.
   */
  boolean renewLease(JobOwner owner, Instant leaseUntil, Progress progress, Instant now);

  /*
   * The changes a running job's worker makes. {@code running} is the job as its claim left it:
   * its lease and attempt name the owner, and only the owner's change goes through.
   */

  ExportJob complete(ExportJob running, ArchiveRef archive, Instant now);

  ExportJob fail(ExportJob running, Failure failure, Instant now);

  /** The attempt met a passing failure: PENDING again, the attempt recorded as failed. */
  ExportJob retryLater(ExportJob running, String reason, Instant now);

  /** A worker shutting down gives the job back: PENDING again, the attempt not held against it. */
  ExportJob release(ExportJob running, Instant now);

  ExportJob cancel(String uid, String actorKeyId, String reason, Instant now);

  /** PROCESSING jobs whose lease lapsed before {@code now}, oldest lapse first. */
  List<ExportJob> findLapsedLeases(Instant now, int limit);

  /**
   * A lapsed lease: the job's worker is gone. PENDING again, the attempt recorded as failed, or
   * FAILED with every attempt's reason once {@code maxAttempts} attempts failed.
   */
  ExportJob expireLease(ExportJob lapsed, int maxAttempts, Instant now);

  /** PENDING jobs not updated since {@code before}, oldest first. */
  List<ExportJob> findPendingSince(Instant before, int limit);

  /** Publishes the job's ExportRequested again (its event was lost); no-op unless PENDING. */
  void requestAgain(ExportJob pending, Instant now);

  /** COMPLETED jobs whose archive's retention ended before {@code now}, not held, not deleted. */
  List<ExportJob> findExpiredArchives(Instant now, int limit);

  /** Records that the archive was deleted from the archive store; no-op if a hold came first. */
  void markArchiveExpired(ExportJob job, Instant now);

  /** Sets or releases the legal hold of a COMPLETED job whose archive is still kept. */
  ExportJob setLegalHold(String uid, boolean hold, String actorKeyId, String reason, Instant now);

  /** A page of one subject's exports (a user's, or the workspace exports), newest first. */
  List<ExportJob> list(ExportListQuery query);

  /**
   * Every export of the enterprise, user and workspace exports alike, oldest first, handed to
   * {@code each} one at a time (memory holds one job whatever the history's length).
   */
  void forEachOfEnterprise(String enterpriseUid, Consumer<ExportJob> each);

  /** Who may write a PROCESSING job: the worker that claimed it, in that attempt (fencing). */
  record JobOwner(String uid, String workerId, int attempt) {

    public static JobOwner of(ExportJob job) {
      return new JobOwner(job.uid(), job.lease().workerId(), job.attempt());
    }
  }

  /**
   * @param idempotencyKey the client's Idempotency-Key, or null
   * @param maxQueuedPerUser how many PENDING or PROCESSING exports one user may have
   */
  record CreateOptions(String idempotencyKey, int maxQueuedPerUser) {}

  /**
   * The job the create answers with. {@code created} is false when an earlier job answers: {@code
   * deduped} when an identical request was still running, otherwise a replay of the key.
   */
  record Created(ExportJob job, boolean created, boolean deduped) {}

  /** What a claim found. */
  sealed interface Claim {
    record Claimed(ExportJob job) implements Claim {}

    /** No PENDING export of the subject: done already, cancelled, or run by another worker. */
    record NothingPending() implements Claim {}

    /** Another of the subject's exports is PROCESSING; try again later. */
    record UserBusy(String runningUid) implements Claim {}
  }

  /**
   * Which page of a subject's exports to read. {@code status} null reads every status; {@code
   * after} is the position of the last job of the previous page, or null for the first page.
   */
  record ExportListQuery(
      ExportSubject subject, ExportStatus status, ExportCursor after, int limit) {}

  /** A position in the newest-first order: ties on creation time are broken by uid. */
  record ExportCursor(Instant createdAt, String uid) {}
}
