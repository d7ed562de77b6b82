package io.dataexport.export.mongo;

import static com.mongodb.client.model.Filters.eq;
import static io.dataexport.export.mongo.ExportJobDocuments.ACTIVE_REQUEST;
import static io.dataexport.export.mongo.ExportJobDocuments.IDEMPOTENCY_KEY;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX_SINCE;
import static io.dataexport.export.mongo.ExportJobDocuments.QUEUE_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.REQUEST_FINGERPRINT;
import static io.dataexport.export.mongo.ExportJobDocuments.UID;
import static io.dataexport.export.mongo.ExportJobDocuments.date;

import com.mongodb.client.MongoCollection;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.event.JobOperation;
import io.dataexport.export.CreateRefusedException;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobStore.Created;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.JobEvents;
import io.dataexport.export.JobEvents.Detail;
import io.dataexport.export.RequestFingerprint;
import io.dataexport.outbox.OutboxEntry;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.outbox.OutboxMessage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Stores new jobs under the per-subject rules (a subject is a user, or an enterprise's workspace),
 * each a unique sparse index so that no lookup can race: an Idempotency-Key answers the job it
 * created, an identical request answers the subject's active job, and a subject holds at most
 * {@code maxQueuedPerUser} queue slots.
 */
final class JobCreation {

  private static final int ROUNDS = 5;

  private final MongoCollection<Document> jobs;
  private final JobEvents events;
  private final OutboxListener outboxListener;

  JobCreation(MongoCollection<Document> jobs, JobEvents events, OutboxListener outboxListener) {
    this.jobs = jobs;
    this.events = events;
    this.outboxListener = outboxListener;
  }

  Created create(ExportJob job, CreateOptions options) {
    String fingerprint = RequestFingerprint.of(job);
    String user = job.subject().key();
    String idempotencyKey =
        options.idempotencyKey() == null
            ? null
            : job.enterpriseUid() + "/" + options.idempotencyKey();
    // A lost race (the matching job finished between the lookup and the insert) goes round again.
    for (int round = 0; round < ROUNDS; round++) {
      Optional<Created> earlier =
          earlierAnswer(idempotencyKey, user + "/" + fingerprint, fingerprint);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      if (insertInFreeQueueSlot(job, options, user, fingerprint, idempotencyKey)) {
        return new Created(job, true, false);
      }
    }
    throw new ExportStateConflictException(
        job.uid(), Set.of(), ExportStatus.EXPORT_STATUS_PENDING, "contended");
  }

  private Optional<Created> earlierAnswer(
      String idempotencyKey, String activeRequest, String fingerprint) {
    if (idempotencyKey != null) {
      Document keyed = jobs.find(eq(IDEMPOTENCY_KEY, idempotencyKey)).first();
      if (keyed != null) {
        if (!fingerprint.equals(keyed.getString(REQUEST_FINGERPRINT))) {
          throw new CreateRefusedException(
              CreateRefusedException.Reason.IDEMPOTENCY_KEY_REUSED,
              "Idempotency-Key: already used for export "
                  + keyed.getString(UID)
                  + " with a different request; use a new key for a new request");
        }
        return Optional.of(new Created(ExportJobDocuments.fromDocument(keyed), false, false));
      }
    }
    return Optional.ofNullable(jobs.find(eq(ACTIVE_REQUEST, activeRequest)).first())
        .map(active -> new Created(ExportJobDocuments.fromDocument(active), false, true));
  }

  /**
   * Inserts the job holding one of the user's queue slots (0 … cap-1, each unique while held).
   * False when the insert collided with an earlier identical request or key instead.
   */
  private boolean insertInFreeQueueSlot(
      ExportJob job, CreateOptions options, String user, String fingerprint, String key) {
    List<OutboxMessage> messages =
        List.of(
            events.audit(
                job,
                JobOperation.CREATED,
                job.createdAt(),
                Detail.by(job.requestedByKeyId(), job.reason())),
            events.requested(job));
    for (int slot = 0; slot < options.maxQueuedPerUser(); slot++) {
      Document document =
          ExportJobDocuments.toDocument(job)
              .append(QUEUE_SLOT, user + "/" + slot)
              .append(ACTIVE_REQUEST, user + "/" + fingerprint)
              .append(REQUEST_FINGERPRINT, fingerprint)
              .append(OUTBOX, messages.stream().map(ExportJobDocuments::toDocument).toList())
              .append(OUTBOX_SINCE, date(job.createdAt()));
      if (key != null) {
        document.append(IDEMPOTENCY_KEY, key);
      }
      Optional<String> collision = DuplicateKeys.indexOf(() -> jobs.insertOne(document));
      if (collision.isEmpty()) {
        outboxListener.written(new OutboxEntry(job.uid(), messages));
        return true;
      }
      if (!collision.get().equals(ExportJobIndexes.QUEUED_EXPORTS_PER_USER)) {
        return false;
      }
    }
    throw new CreateRefusedException(
        CreateRefusedException.Reason.TOO_MANY_QUEUED,
        "user_id: the user already has "
            + options.maxQueuedPerUser()
            + " exports pending or processing; wait for one to finish or cancel one");
  }
}
