package io.dataexport.export.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.min;
import static com.mongodb.client.model.Updates.pushEach;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;
import static io.dataexport.export.mongo.ExportJobDocuments.ACTIVE_REQUEST;
import static io.dataexport.export.mongo.ExportJobDocuments.LEASE_EXPIRES_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX_SINCE;
import static io.dataexport.export.mongo.ExportJobDocuments.PROCESSING_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.QUEUE_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.STATUS;
import static io.dataexport.export.mongo.ExportJobDocuments.UID;
import static io.dataexport.export.mongo.ExportJobDocuments.UPDATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.WORKER_ID;
import static io.dataexport.export.mongo.ExportJobDocuments.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportLifecycle;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.outbox.OutboxEntry;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The one way a job document changes: a single {@code findOneAndUpdate} that makes the change and
 * appends the events it announces to the job's outbox, then tells the outbox listener. The change
 * and its events are one atomic write.
 */
final class JobWrites {

  private final MongoCollection<Document> jobs;
  private final OutboxListener outboxListener;

  JobWrites(MongoCollection<Document> jobs, OutboxListener outboxListener) {
    this.jobs = jobs;
    this.outboxListener = outboxListener;
  }

  /**
   * The compare-and-set: from a state the lifecycle allows, optionally only for the job's owner,
   * with the change's events appended to the outbox. Leaving PROCESSING gives up the lease and the
   * user's processing slot; ending the job gives up every per-user slot.
   */
  ExportJob transition(
      ExportJob current,
      ExportStatus target,
      Bson owner,
      List<Bson> changes,
      List<OutboxMessage> messages,
      Instant now) {
    Set<ExportStatus> expected = ExportLifecycle.predecessorsOf(target);
    List<Bson> filter = new ArrayList<>();
    filter.add(eq(UID, current.uid()));
    filter.add(in(STATUS, expected.stream().map(Enum::name).toList()));
    if (owner != null) {
      filter.add(owner);
    }
    List<Bson> updates = new ArrayList<>(changes);
    updates.add(set(STATUS, target.name()));
    updates.add(set(UPDATED_AT, date(now)));
    updates.add(appendToOutbox(messages, now));
    if (ExportLifecycle.isTerminal(target)) {
      updates.add(unset(QUEUE_SLOT));
      updates.add(unset(ACTIVE_REQUEST));
    }
    if (target != ExportStatus.EXPORT_STATUS_PROCESSING) {
      updates.add(unset(PROCESSING_SLOT));
      updates.add(unset(WORKER_ID));
      updates.add(unset(LEASE_EXPIRES_AT));
    }
    Document updated;
    try {
      updated =
          jobs.findOneAndUpdate(
              and(filter),
              combine(updates),
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    } catch (MongoException e) {
      if (DuplicateKeys.violatedIndex(e).isEmpty()) {
        throw e;
      }
      throw new SlotTakenException();
    }
    if (updated == null) {
      String actual =
          Optional.ofNullable(jobs.find(eq(UID, current.uid())).first())
              .map(d -> d.getString(STATUS))
              .orElse("missing");
      throw new ExportStateConflictException(current.uid(), expected, target, actual);
    }
    // The whole outbox, not only this change's messages: what an outage left unpublished before
    // goes out first, so the job's events keep their order.
    outboxListener.written(new OutboxEntry(current.uid(), outboxOf(updated)));
    return ExportJobDocuments.fromDocument(updated);
  }

  /**
   * A change that is not a status transition, with its events, when {@code filter} matches; the
   * listener hears the job's whole outbox, as after a transition.
   */
  Optional<ExportJob> appendOutside(
      Bson filter, Bson change, List<OutboxMessage> messages, Instant now) {
    Document updated =
        jobs.findOneAndUpdate(
            filter,
            combine(change, appendToOutbox(messages, now)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (updated == null) {
      return Optional.empty();
    }
    outboxListener.written(new OutboxEntry(updated.getString(UID), outboxOf(updated)));
    return Optional.of(ExportJobDocuments.fromDocument(updated));
  }

  static Bson appendToOutbox(List<OutboxMessage> messages, Instant now) {
    return combine(
        pushEach(OUTBOX, messages.stream().map(ExportJobDocuments::toDocument).toList()),
        // the oldest unpublished message dates the entry, so a stuck one is not postponed
        min(OUTBOX_SINCE, date(now)));
  }

  static List<OutboxMessage> outboxOf(Document job) {
    return job.getList(OUTBOX, Document.class, List.of()).stream()
        .map(ExportJobDocuments::outboxMessage)
        .toList();
  }

  /** The claim collided with the user's processing slot: another export of theirs runs. */
  static final class SlotTakenException extends RuntimeException {
    SlotTakenException() {
      super(null, null, false, false);
    }
  }
}
