package io.dataexport.export.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.dataexport.export.ExportJob;
import io.dataexport.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Puts export jobs into the job store's collection directly, in any state, for tests that need a
 * job somewhere the store's own operations would take many steps (or a clock) to reach, and reads
 * back what the store keeps beside the job.
 */
public final class StoredJobs {

  private StoredJobs() {}

  /**
   * Stores {@code job} exactly as given, replacing any job with its uid. The job carries none of
   * the fields the store adds beside the job itself: no per-user slot fields ({@code queue_slot},
   * {@code active_request}, {@code processing_slot}), no request fingerprint, no Idempotency-Key
   * and an empty outbox. So the per-user rules do not see it: it takes no place in the user's
   * queue, an identical request does not answer it, and a PROCESSING job put this way does not make
   * the user busy. Put jobs through {@code create} and {@code claimNext} when a test relies on
   * those rules.
   */
  public static void put(MongoDatabase database, ExportJob job) {
    database
        .getCollection(MongoExportJobStore.COLLECTION)
        .replaceOne(
            Filters.eq(ExportJobDocuments.UID, job.uid()),
            ExportJobDocuments.toDocument(job),
            new ReplaceOptions().upsert(true));
  }

  /** The job's stored document as it is, with the store's own fields; empty if there is none. */
  public static Optional<Document> document(MongoDatabase database, String uid) {
    return Optional.ofNullable(
        database
            .getCollection(MongoExportJobStore.COLLECTION)
            .find(Filters.eq(ExportJobDocuments.UID, uid))
            .first());
  }

  /** The messages the job's outbox still holds, oldest first; empty if there is no such job. */
  public static List<OutboxMessage> outbox(MongoDatabase database, String uid) {
    return document(database, uid)
        .map(d -> d.getList(ExportJobDocuments.OUTBOX, Document.class, List.of()))
        .orElse(List.of())
        .stream()
        .map(ExportJobDocuments::outboxMessage)
        .toList();
  }

  /**
   * Since when the job's outbox waits for a relay (when it was written or last claimed); empty when
   * it has nothing to publish.
   */
  public static Optional<Instant> outboxSince(MongoDatabase database, String uid) {
    return document(database, uid)
        .map(d -> d.getDate(ExportJobDocuments.OUTBOX_SINCE))
        .map(java.util.Date::toInstant);
  }
}
