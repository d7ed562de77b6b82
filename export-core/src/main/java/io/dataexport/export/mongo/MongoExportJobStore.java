package io.dataexport.export.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE_DELETED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE_EXPIRES_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.ATTEMPT;
import static io.dataexport.export.mongo.ExportJobDocuments.CREATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.ENTERPRISE_UID;
import static io.dataexport.export.mongo.ExportJobDocuments.ERROR_CODE;
import static io.dataexport.export.mongo.ExportJobDocuments.ERROR_MESSAGE;
import static io.dataexport.export.mongo.ExportJobDocuments.FAILED_ATTEMPTS;
import static io.dataexport.export.mongo.ExportJobDocuments.FINISHED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.KIND;
import static io.dataexport.export.mongo.ExportJobDocuments.LEASE_EXPIRES_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.LEGAL_HOLD;
import static io.dataexport.export.mongo.ExportJobDocuments.PROCESSING_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.PROGRESS;
import static io.dataexport.export.mongo.ExportJobDocuments.STARTED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.STATUS;
import static io.dataexport.export.mongo.ExportJobDocuments.UID;
import static io.dataexport.export.mongo.ExportJobDocuments.UPDATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.USER_ID;
import static io.dataexport.export.mongo.ExportJobDocuments.WORKER_ID;
import static io.dataexport.export.mongo.ExportJobDocuments.date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.event.JobOperation;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.FailedAttempt;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJob.Progress;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportLifecycle;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.export.JobEvents.Detail;
import io.dataexport.export.JobKind;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@link ExportJobStore} on MongoDB. A state change is one {@code findOneAndUpdate} whose filter
 * names the expected status (and, for a running job, its owner), and whose update also appends the
 * change's events to the job's outbox: the change and what it announces are one atomic write.
 */
public class MongoExportJobStore implements ExportJobStore {

  public static final String COLLECTION = "export_jobs";
  private static final int CLAIM_TRIES = 5;

  // The job history is read a batch at a time: without a batch size the embedded MongoDB-wire
  // server answers a whole collection in one reply.
  private static final int HISTORY_BATCH = 200;

  private final MongoCollection<Document> jobs;
  private final JobEvents events;
  private final JobCreation creation;
  private final JobWrites writes;

  public MongoExportJobStore(
      MongoDatabase database, JobEvents events, OutboxListener outboxListener) {
    this.jobs = database.getCollection(COLLECTION);
    this.events = events;
    this.creation = new JobCreation(jobs, events, outboxListener);
    this.writes = new JobWrites(jobs, outboxListener);
  }

  /** Idempotent: creates the indexes the queries and the per-user rules rely on. */
  public void createIndexes() {
    new ExportJobIndexes(jobs).create();
  }

  @Override
  public Created create(ExportJob job, CreateOptions options) {
    return creation.create(job, options);
  }

  @Override
  public Optional<ExportJob> find(String uid) {
    return Optional.ofNullable(jobs.find(eq(UID, uid)).first())
        .map(ExportJobDocuments::fromDocument);
  }

  @Override
  public Claim claimNext(ExportSubject subject, String workerId, Instant leaseUntil, Instant now) {
    String user = subject.key();
    for (int round = 0; round < CLAIM_TRIES; round++) {
      Document oldest =
          jobs.find(and(ofSubject(subject), eq(STATUS, ExportStatus.EXPORT_STATUS_PENDING.name())))
              .sort(Sorts.ascending(CREATED_AT, UID))
              .first();
      if (oldest == null) {
        return new Claim.NothingPending();
      }
      ExportJob pending = ExportJobDocuments.fromDocument(oldest);
      ExportJob claimed = pending.claimed(workerId, leaseUntil, now);
      try {
        return new Claim.Claimed(
            writes.transition(
                pending,
                ExportStatus.EXPORT_STATUS_PROCESSING,
                null,
                List.of(
                    set(STARTED_AT, date(now)),
                    set(ATTEMPT, claimed.attempt()),
                    set(WORKER_ID, workerId),
                    set(LEASE_EXPIRES_AT, date(leaseUntil)),
                    set(PROGRESS, ExportJobDocuments.toDocument(Progress.NONE)),
                    set(PROCESSING_SLOT, user)),
                List.of(events.audit(claimed, JobOperation.STARTED, now, Detail.succeeded())),
                now));
      } catch (JobWrites.SlotTakenException e) {
        Document running = jobs.find(eq(PROCESSING_SLOT, user)).first();
        if (running != null) {
          return new Claim.UserBusy(running.getString(UID));
        }
      } catch (ExportStateConflictException e) {
        // cancelled or claimed elsewhere since we looked: look again
      }
    }
    return new Claim.UserBusy(null);
  }

  @Override
  public boolean renewLease(JobOwner owner, Instant leaseUntil, Progress progress, Instant now) {
    return jobs.updateOne(
                ownedBy(owner),
                combine(
                    set(LEASE_EXPIRES_AT, date(leaseUntil)),
                    set(PROGRESS, ExportJobDocuments.toDocument(progress))))
            .getMatchedCount()
        == 1;
  }

  @Override
  public ExportJob complete(ExportJob running, ArchiveRef archive, Instant now) {
    return writes.transition(
        running,
        ExportStatus.EXPORT_STATUS_COMPLETED,
        ownedBy(JobOwner.of(running)),
        List.of(set(FINISHED_AT, date(now)), set(ARCHIVE, ExportJobDocuments.toDocument(archive))),
        List.of(events.audit(running, JobOperation.COMPLETED, now, Detail.completed(archive))),
        now);
  }

  @Override
  public ExportJob fail(ExportJob running, Failure failure, Instant now) {
    return failed(running, ownedBy(JobOwner.of(running)), failure, List.of(), now);
  }

  @Override
  public ExportJob retryLater(ExportJob running, String reason, Instant now) {
    return backToPending(
        running,
        ownedBy(JobOwner.of(running)),
        JobOperation.RETRIED,
        failedAttempt(running, reason, now),
        reason,
        now);
  }

  @Override
  public ExportJob release(ExportJob running, Instant now) {
    return backToPending(
        running,
        ownedBy(JobOwner.of(running)),
        JobOperation.RELEASED,
        null,
        "the worker running it shut down",
        now);
  }

  @Override
  public ExportJob cancel(String uid, String actorKeyId, String reason, Instant now) {
    ExportJob current =
        find(uid).orElseThrow(() -> conflict(uid, ExportStatus.EXPORT_STATUS_CANCELLED, "missing"));
    return writes.transition(
        current,
        ExportStatus.EXPORT_STATUS_CANCELLED,
        eq(STATUS, current.status().name()),
        List.of(set(FINISHED_AT, date(now))),
        List.of(events.audit(current, JobOperation.CANCELLED, now, Detail.by(actorKeyId, reason))),
        now);
  }

  @Override
  public List<ExportJob> findLapsedLeases(Instant now, int limit) {
    return findSorted(
        and(
            eq(STATUS, ExportStatus.EXPORT_STATUS_PROCESSING.name()),
            lt(LEASE_EXPIRES_AT, date(now))),
        LEASE_EXPIRES_AT,
        limit);
  }

  @Override
  public ExportJob expireLease(ExportJob lapsed, int maxAttempts, Instant now) {
    Bson stillLapsed = and(ownedBy(JobOwner.of(lapsed)), lt(LEASE_EXPIRES_AT, date(now)));
    String reason =
        "attempt "
            + lapsed.attempt()
            + ": its worker ("
            + lapsed.lease().workerId()
            + ") stopped renewing its lease";
    FailedAttempt attempt = failedAttempt(lapsed, reason, now);
    // hand-backs at shutdown are claims too but not failures: only failed attempts count
    if (lapsed.failedAttempts().size() + 1 < maxAttempts) {
      return backToPending(lapsed, stillLapsed, JobOperation.RETRIED, attempt, reason, now);
    }
    List<String> reasons = new ArrayList<>();
    lapsed.failedAttempts().forEach(a -> reasons.add(a.reason()));
    reasons.add(reason);
    Failure failure =
        new Failure(
            "attempts_exhausted",
            "the export failed " + reasons.size() + " attempts: " + String.join("; ", reasons));
    return failed(
        lapsed,
        stillLapsed,
        failure,
        List.of(push(FAILED_ATTEMPTS, ExportJobDocuments.toDocument(attempt))),
        now);
  }

  @Override
  public List<ExportJob> findPendingSince(Instant before, int limit) {
    return findSorted(
        and(eq(STATUS, ExportStatus.EXPORT_STATUS_PENDING.name()), lt(UPDATED_AT, date(before))),
        UPDATED_AT,
        limit);
  }

  @Override
  public void requestAgain(ExportJob pending, Instant now) {
    writes.appendOutside(
        and(eq(UID, pending.uid()), eq(STATUS, ExportStatus.EXPORT_STATUS_PENDING.name())),
        set(UPDATED_AT, date(now)),
        List.of(events.requested(pending)),
        now);
  }

  @Override
  public List<ExportJob> findExpiredArchives(Instant now, int limit) {
    return findSorted(
        and(
            eq(STATUS, ExportStatus.EXPORT_STATUS_COMPLETED.name()),
            lt(ARCHIVE_EXPIRES_AT, date(now)),
            eq(ARCHIVE_DELETED_AT, null),
            ne(LEGAL_HOLD, true)),
        ARCHIVE_EXPIRES_AT,
        limit);
  }

  @Override
  public void markArchiveExpired(ExportJob job, Instant now) {
    writes.appendOutside(
        and(eq(UID, job.uid()), eq(ARCHIVE_DELETED_AT, null), ne(LEGAL_HOLD, true)),
        set(ARCHIVE_DELETED_AT, date(now)),
        List.of(
            events.audit(
                job, JobOperation.ARCHIVE_EXPIRED, now, Detail.because("retention period ended"))),
        now);
  }

  @Override
  public ExportJob setLegalHold(
      String uid, boolean hold, String actorKeyId, String reason, Instant now) {
    ExportJob current =
        find(uid).orElseThrow(() -> conflict(uid, ExportStatus.EXPORT_STATUS_COMPLETED, "missing"));
    JobOperation operation = hold ? JobOperation.LEGAL_HOLD_SET : JobOperation.LEGAL_HOLD_RELEASED;
    List<OutboxMessage> messages =
        List.of(events.audit(current, operation, now, Detail.by(actorKeyId, reason)));
    // Only while the archive is still kept: within its retention, or past it because a hold
    // keeps it (so a hold can be released then). An unheld archive past its retention is being
    // deleted.
    return writes
        .appendOutside(
            and(
                eq(UID, uid),
                eq(STATUS, ExportStatus.EXPORT_STATUS_COMPLETED.name()),
                eq(ARCHIVE_DELETED_AT, null),
                or(gt(ARCHIVE_EXPIRES_AT, date(now)), eq(LEGAL_HOLD, true))),
            set(LEGAL_HOLD, hold),
            messages,
            now)
        .orElseThrow(
            () -> conflict(uid, ExportStatus.EXPORT_STATUS_COMPLETED, current.status().name()));
  }

  @Override
  public List<ExportJob> list(ExportListQuery query) {
    List<Bson> filters = new ArrayList<>();
    filters.add(ofSubject(query.subject()));
    if (query.status() != null) {
      filters.add(eq(STATUS, query.status().name()));
    }
    if (query.after() != null) {
      // Strictly after the cursor in (created_at desc, _id desc) order: new jobs, created later,
      // sort before the cursor and never shift the pages that follow it.
      filters.add(
          or(
              lt(CREATED_AT, date(query.after().createdAt())),
              and(eq(CREATED_AT, date(query.after().createdAt())), lt(UID, query.after().uid()))));
    }
    return jobs.find(and(filters))
        .sort(Sorts.descending(CREATED_AT, UID))
        .limit(query.limit())
        .map(ExportJobDocuments::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public void forEachOfEnterprise(String enterpriseUid, Consumer<ExportJob> each) {
    try (MongoCursor<Document> cursor =
        jobs.find(eq(ENTERPRISE_UID, enterpriseUid))
            .sort(Sorts.ascending(CREATED_AT, UID))
            .batchSize(HISTORY_BATCH)
            .cursor()) {
      cursor.forEachRemaining(document -> each.accept(ExportJobDocuments.fromDocument(document)));
    }
  }

  /**
   * The subject's jobs: a user's by user id (a workspace job has none), the workspace's by kind
   * (user jobs carry no kind). Both lead with the enterprise, as the list index does.
   */
  private static Bson ofSubject(ExportSubject subject) {
    return and(
        eq(ENTERPRISE_UID, subject.enterpriseUid()),
        subject.kind() == JobKind.WORKSPACE
            ? eq(KIND, JobKind.WORKSPACE.wireName())
            : eq(USER_ID, subject.userId()));
  }

  private ExportJob failed(
      ExportJob current, Bson owner, Failure failure, List<Bson> more, Instant now) {
    List<Bson> changes = new ArrayList<>(more);
    changes.add(set(FINISHED_AT, date(now)));
    changes.add(set(ERROR_CODE, failure.code()));
    changes.add(set(ERROR_MESSAGE, failure.message()));
    return writes.transition(
        current,
        ExportStatus.EXPORT_STATUS_FAILED,
        owner,
        changes,
        List.of(
            events.audit(
                current,
                JobOperation.FAILED,
                now,
                Detail.failed(failure.code(), failure.message()))),
        now);
  }

  /** Every way back to PENDING announces the job again, so some worker takes it up. */
  private ExportJob backToPending(
      ExportJob current,
      Bson owner,
      JobOperation operation,
      FailedAttempt failedAttempt,
      String reason,
      Instant now) {
    List<Bson> changes =
        failedAttempt == null
            ? List.of()
            : List.of(push(FAILED_ATTEMPTS, ExportJobDocuments.toDocument(failedAttempt)));
    return writes.transition(
        current,
        ExportStatus.EXPORT_STATUS_PENDING,
        owner,
        changes,
        List.of(
            events.audit(current, operation, now, Detail.because(reason)),
            events.requested(current)),
        now);
  }

  private static Bson ownedBy(JobOwner owner) {
    return and(
        eq(UID, owner.uid()),
        eq(STATUS, ExportStatus.EXPORT_STATUS_PROCESSING.name()),
        eq(WORKER_ID, owner.workerId()),
        eq(ATTEMPT, owner.attempt()));
  }

  private static FailedAttempt failedAttempt(ExportJob running, String reason, Instant now) {
    return new FailedAttempt(running.attempt(), running.lease().workerId(), now, reason);
  }

  private List<ExportJob> findSorted(Bson filter, String sortField, int limit) {
    return jobs.find(filter)
        .sort(Sorts.ascending(sortField))
        .limit(limit)
        .map(ExportJobDocuments::fromDocument)
        .into(new ArrayList<>());
  }

  private ExportStateConflictException conflict(String uid, ExportStatus target, String actual) {
    return new ExportStateConflictException(
        uid, ExportLifecycle.predecessorsOf(target), target, actual);
  }
}
