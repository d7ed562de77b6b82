package io.dataexport.export.mongo;

import static io.dataexport.export.mongo.ExportJobDocuments.ACTIVE_REQUEST;
import static io.dataexport.export.mongo.ExportJobDocuments.ARCHIVE_EXPIRES_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.CREATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.ENTERPRISE_UID;
import static io.dataexport.export.mongo.ExportJobDocuments.IDEMPOTENCY_KEY;
import static io.dataexport.export.mongo.ExportJobDocuments.KIND;
import static io.dataexport.export.mongo.ExportJobDocuments.LEASE_EXPIRES_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.OUTBOX_SINCE;
import static io.dataexport.export.mongo.ExportJobDocuments.PROCESSING_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.QUEUE_SLOT;
import static io.dataexport.export.mongo.ExportJobDocuments.STATUS;
import static io.dataexport.export.mongo.ExportJobDocuments.UID;
import static io.dataexport.export.mongo.ExportJobDocuments.UPDATED_AT;
import static io.dataexport.export.mongo.ExportJobDocuments.USER_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

/**
 * The indexes of the job collection. The per-user rules are unique <em>sparse</em> indexes over
 * fields only an active job carries: a partial unique index on status would say the same, but the
 * MongoDB-wire server of the embedded stack ignores partialFilterExpression; sparse works on both.
 */
final class ExportJobIndexes {

  static final String ONE_PROCESSING_EXPORT_PER_USER = "one_processing_export_per_user";
  static final String ONE_ACTIVE_JOB_PER_REQUEST = "one_active_job_per_request";
  static final String QUEUED_EXPORTS_PER_USER = "queued_exports_per_user";
  static final String ONE_JOB_PER_IDEMPOTENCY_KEY = "one_job_per_idempotency_key";

  private final MongoCollection<Document> jobs;

  ExportJobIndexes(MongoCollection<Document> jobs) {
    this.jobs = jobs;
  }

  /** Idempotent. */
  void create() {
    unique(PROCESSING_SLOT, ONE_PROCESSING_EXPORT_PER_USER);
    unique(ACTIVE_REQUEST, ONE_ACTIVE_JOB_PER_REQUEST);
    unique(QUEUE_SLOT, QUEUED_EXPORTS_PER_USER);
    unique(IDEMPOTENCY_KEY, ONE_JOB_PER_IDEMPOTENCY_KEY);
    // the user's exports newest first (list), and oldest PENDING first (claim)
    jobs.createIndex(
        Indexes.compoundIndex(
            Indexes.ascending(ENTERPRISE_UID, USER_ID), Indexes.descending(CREATED_AT, UID)),
        new IndexOptions().name("user_exports_newest_first"));
    // the enterprise's workspace exports newest first (list, claim), and its whole export
    // history oldest first (the workspace archive's exports section)
    jobs.createIndex(
        Indexes.compoundIndex(
            Indexes.ascending(ENTERPRISE_UID, KIND), Indexes.descending(CREATED_AT, UID)),
        new IndexOptions().name("workspace_exports_newest_first"));
    jobs.createIndex(
        Indexes.ascending(ENTERPRISE_UID, CREATED_AT, UID),
        new IndexOptions().name("enterprise_exports_oldest_first"));
    jobs.createIndex(
        Indexes.ascending(STATUS, LEASE_EXPIRES_AT), new IndexOptions().name("status_lease"));
    jobs.createIndex(
        Indexes.ascending(STATUS, UPDATED_AT), new IndexOptions().name("status_updated_at"));
    jobs.createIndex(
        Indexes.ascending(STATUS, ARCHIVE_EXPIRES_AT),
        new IndexOptions().name("status_archive_expires_at"));
    jobs.createIndex(
        Indexes.ascending(OUTBOX_SINCE),
        new IndexOptions().name("unpublished_outbox").sparse(true));
  }

  private void unique(String field, String name) {
    jobs.createIndex(
        Indexes.ascending(field), new IndexOptions().name(name).unique(true).sparse(true));
  }
}
