package io.dataexport.export.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.size;
import static com.mongodb.client.model.Updates.pull;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX_SINCE;
import static io.dataexport.export.mongo.ExportJobDocuments.UID;
import static io.dataexport.export.mongo.ExportJobDocuments.date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.outbox.Outbox;
import io.dataexport.outbox.OutboxEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The outbox inside the job documents: their {@code outbox} array, dated by {@code outbox_since}.
 */
public class MongoJobOutbox implements Outbox {

  private final MongoCollection<Document> jobs;

  public MongoJobOutbox(MongoDatabase database) {
    this.jobs = database.getCollection(MongoExportJobStore.COLLECTION);
  }

  @Override
  public List<OutboxEntry> claimDue(Instant writtenBefore, Instant now, int limit) {
    List<OutboxEntry> claimed = new ArrayList<>();
    for (Document job :
        jobs.find(lt(OUTBOX_SINCE, date(writtenBefore)))
            .sort(Sorts.ascending(OUTBOX_SINCE))
            .limit(limit)) {
      Date since = job.getDate(OUTBOX_SINCE);
      // compare-and-set on the date: of several relays, one takes the entry
      boolean ours =
          jobs.updateOne(
                      and(eq(UID, job.getString(UID)), eq(OUTBOX_SINCE, since)),
                      set(OUTBOX_SINCE, date(now)))
                  .getModifiedCount()
              == 1;
      List<Document> messages = job.getList(OUTBOX, Document.class, List.of());
      if (ours && messages.isEmpty()) {
        remove(job.getString(UID), List.of()); // dated but emptied meanwhile: clear the date
      } else if (ours) {
        claimed.add(
            new OutboxEntry(
                job.getString(UID),
                messages.stream().map(ExportJobDocuments::outboxMessage).toList()));
      }
    }
    return claimed;
  }

  @Override
  public void remove(String jobUid, List<String> messageIds) {
    jobs.updateOne(eq(UID, jobUid), pull(OUTBOX, in("id", messageIds)));
    jobs.updateOne(and(eq(UID, jobUid), size(OUTBOX, 0)), unset(OUTBOX_SINCE));
  }

  @Override
  public Optional<Instant> oldestUnpublished() {
    return Optional.ofNullable(
            jobs.find(exists(OUTBOX_SINCE))
                .sort(Sorts.ascending(OUTBOX_SINCE))
                .projection(Projections.include(OUTBOX_SINCE))
                .first())
        .map(job -> job.getDate(OUTBOX_SINCE).toInstant());
  }
}
