package io.dataexport.export.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE_DELETED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE_EXPIRES_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.CREATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.ENTERPRISE_UID;
import static io.dataexport.export.mongo.ExportJobDocuments.ERROR_MESSAGE;
import static io.dataexport.export.mongo.ExportJobDocuments.FINISHED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.HEARTBEAT_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.PROCESSING_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.STARTED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.STATUS;
import static io.dataexport.export.mongo.ExportJobDocuments.UID;
import static io.dataexport.export.mongo.ExportJobDocuments.UPDATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.USER_ID;
import static io.dataexport.export.mongo.ExportJobDocuments.date;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportLifecycle;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.UserExportInProgressException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link ExportJobStore} on MongoDB: state changes are {@code findOneAndUpdate} on the status. */
public class MongoExportJobStore implements ExportJobStore {

  public static final String COLLECTION = "export_jobs";

  private final MongoCollection<Document> jobs;

  public MongoExportJobStore(MongoDatabase database) {
    this.jobs = database.getCollection(COLLECTION);
  }

  /** Idempotent: creates the indexes the queries and the one-in-flight rule rely on. */
  public void createIndexes() {
    jobs.createIndex(
        Indexes.compoundIndex(
            Indexes.ascending(ENTERPRISE_UID, USER_ID), Indexes.descending(CREATED_AT, UID)),
        new IndexOptions().name("user_exports_newest_first"));
    // At most one PROCESSING export per user, whatever the number of workers: only a PROCESSING
    // job carries the slot field, and the index is unique over the jobs that carry it. (A
    // partial unique index on status would say the same, but the MongoDB-wire server of the
    // embedded stack does not honour partialFilterExpression; sparse works on both.)
    jobs.createIndex(
        Indexes.ascending(PROCESSING_SLOT),
        new IndexOptions().name("one_processing_export_per_user").unique(true).sparse(true));
    jobs.createIndex(
        Indexes.ascending(STATUS, UPDATED_AT), new IndexOptions().name("status_updated_at"));
    jobs.createIndex(
        Indexes.ascending(STATUS, ARCHIVE_EXPIRES_AT),
        new IndexOptions().name("status_archive_expires_at"));
  }

  @Override
  public void insert(ExportJob job) {
    jobs.insertOne(ExportJobDocuments.toDocument(job));
  }

  @Override
  public Optional<ExportJob> find(String uid) {
    return Optional.ofNullable(jobs.find(eq(UID, uid)).first())
        .map(ExportJobDocuments::fromDocument);
  }

  @Override
  public ExportJob markProcessing(String uid, Instant now) {
    ExportJob job =
        find(uid)
            .orElseThrow(
                () ->
                    conflict(
                        uid,
                        Set.of(ExportStatus.EXPORT_STATUS_PENDING),
                        ExportStatus.EXPORT_STATUS_PROCESSING,
                        "missing"));
    return transition(
        uid,
        ExportStatus.EXPORT_STATUS_PROCESSING,
        now,
        set(STARTED_AT, date(now)),
        set(HEARTBEAT_AT, date(now)),
        set(PROCESSING_SLOT, job.enterpriseUid() + "/" + job.userId()));
  }

  @Override
  public boolean heartbeat(String uid, Instant now) {
    return jobs.updateOne(
                and(eq(UID, uid), eq(STATUS, ExportStatus.EXPORT_STATUS_PROCESSING.name())),
                set(HEARTBEAT_AT, date(now)))
            .getMatchedCount()
        == 1;
  }

  @Override
  public ExportJob markCompleted(String uid, ExportJob.ArchiveRef archive, Instant now) {
    return transition(
        uid,
        ExportStatus.EXPORT_STATUS_COMPLETED,
        now,
        set(FINISHED_AT, date(now)),
        unset(PROCESSING_SLOT),
        set(ARCHIVE, ExportJobDocuments.toDocument(archive)));
  }

  @Override
  public ExportJob markFailed(String uid, String errorMessage, Instant now) {
    return transition(
        uid,
        ExportStatus.EXPORT_STATUS_FAILED,
        now,
        set(FINISHED_AT, date(now)),
        unset(PROCESSING_SLOT),
        set(ERROR_MESSAGE, errorMessage));
  }

  @Override
  public ExportJob markCancelled(String uid, Instant now) {
    return transition(
        uid,
        ExportStatus.EXPORT_STATUS_CANCELLED,
        now,
        set(FINISHED_AT, date(now)),
        unset(PROCESSING_SLOT));
  }

  @Override
  public List<ExportJob> listForUser(ExportListQuery query) {
    List<Bson> filters = new ArrayList<>();
    filters.add(eq(ENTERPRISE_UID, query.enterpriseUid()));
    filters.add(eq(USER_ID, query.userId()));
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
  public List<ExportJob> findStale(ExportStatus status, Instant before, int limit) {
    String timeField = status == ExportStatus.EXPORT_STATUS_PROCESSING ? HEARTBEAT_AT : UPDATED_AT;
    return jobs.find(and(eq(STATUS, status.name()), lt(timeField, date(before))))
        .sort(Sorts.ascending(timeField))
        .limit(limit)
        .map(ExportJobDocuments::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public void touchPending(String uid, Instant now) {
    jobs.updateOne(
        and(eq(UID, uid), eq(STATUS, ExportStatus.EXPORT_STATUS_PENDING.name())),
        set(UPDATED_AT, date(now)));
  }

  @Override
  public List<ExportJob> findExpiredArchives(Instant now, int limit) {
    return jobs.find(
            and(
                eq(STATUS, ExportStatus.EXPORT_STATUS_COMPLETED.name()),
                lt(ARCHIVE_EXPIRES_AT, date(now)),
                exists(ARCHIVE_DELETED_AT, false)))
        .sort(Sorts.ascending(ARCHIVE_EXPIRES_AT))
        .limit(limit)
        .map(ExportJobDocuments::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public void markArchiveDeleted(String uid, Instant now) {
    jobs.updateOne(eq(UID, uid), set(ARCHIVE_DELETED_AT, date(now)));
  }

  private ExportJob transition(String uid, ExportStatus target, Instant now, Bson... changes) {
    Set<ExportStatus> expected = ExportLifecycle.predecessorsOf(target);
    List<String> expectedNames = expected.stream().map(Enum::name).toList();
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(set(STATUS, target.name()));
    updates.add(set(UPDATED_AT, date(now)));
    Document updated;
    try {
      updated =
          jobs.findOneAndUpdate(
              and(eq(UID, uid), in(STATUS, expectedNames)),
              combine(updates),
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      throw new UserExportInProgressException(uid, expected, target);
    } catch (MongoCommandException e) {
      if (ErrorCategory.fromErrorCode(e.getErrorCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      throw new UserExportInProgressException(uid, expected, target);
    }
    if (updated == null) {
      String actual = find(uid).map(job -> job.status().name()).orElse("missing");
      throw conflict(uid, expected, target, actual);
    }
    return ExportJobDocuments.fromDocument(updated);
  }

  private static ExportStateConflictException conflict(
      String uid, Set<ExportStatus> expected, ExportStatus target, String actual) {
    return new ExportStateConflictException(uid, expected, target, actual);
  }
}
