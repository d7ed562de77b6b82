package io.dataexport.export.mongo;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.export.ExportJob.FailedAttempt;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJob.Lease;
import io.dataexport.export.ExportJob.Progress;
import io.dataexport.export.JobKind;
import io.dataexport.outbox.OutboxMessage;
import io.dataexport.outbox.OutboxTopic;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Maps {@link ExportJob} to and from its MongoDB document; field names are the API's. */
final class ExportJobDocuments {

  static final String UID = "_id";
  static final String ENTERPRISE_UID = "enterprise_uid";
  static final String USER_ID = "user_id";

  /** {@code workspace} for a workspace export; absent on a user's (as on every older job). */
  static final String KIND = "kind";

  static final String STATUS = "status";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";
  static final String STARTED_AT = "started_at";
  static final String FINISHED_AT = "finished_at";
  static final String ATTEMPT = "attempt";
  static final String WORKER_ID = "worker_id";
  static final String LEASE_EXPIRES_AT = "lease_expires_at";
  static final String PROGRESS = "progress";
  static final String FAILED_ATTEMPTS = "failed_attempts";
  static final String ERROR_CODE = "error_code";
  static final String ERROR_MESSAGE = "error_message";
  static final String LEGAL_HOLD = "legal_hold";
  static final String ARCHIVE = "archive";
  static final String ARCHIVE_EXPIRES_AT = "archive.expires_at";

  /** Set once retention deleted the archive from the store. */
  static final String ARCHIVE_DELETED_AT = "archive.deleted_at";

  /** The client's Idempotency-Key, {@code <enterprise_uid>/<key>}; unique where present. */
  static final String IDEMPOTENCY_KEY = "idempotency_key";

  static final String REQUEST_FINGERPRINT = "request_fingerprint";

  /**
   * Fields a job carries only while it is active (PENDING or PROCESSING), each under a unique
   * sparse index; together they hold the per-user rules without a query that could race.
   */
  static final String PROCESSING_SLOT = "processing_slot"; // <subject> while PROCESSING

  static final String ACTIVE_REQUEST = "active_request"; // <subject>/<fingerprint>
  static final String QUEUE_SLOT = "queue_slot"; // <subject>/<n>, n < the per-user cap

  /** Events the job's state changes still have to publish, and since when. */
  static final String OUTBOX = "outbox";

  static final String OUTBOX_SINCE = "outbox_since";

  /** An outbox message's trace, a W3C traceparent; absent for one written outside any trace. */
  static final String TRACEPARENT = "traceparent";

  private ExportJobDocuments() {}

  static Document toDocument(ExportJob job) {
    ExportFilters f = job.filters();
    Document document =
        new Document(UID, job.uid())
            .append(ENTERPRISE_UID, job.enterpriseUid())
            .append(USER_ID, job.userId());
    if (job.kind() == JobKind.WORKSPACE) {
      document.append(KIND, job.kind().wireName());
    }
    return document
        .append(STATUS, job.status().name())
        .append("scope", f.scope().name())
        .append("include_deleted", f.includeDeleted())
        .append("include_files", f.includeFiles())
        .append("start_time", date(f.startTime()))
        .append("end_time", date(f.endTime()))
        .append("session_ids", f.sessionIds())
        .append("webdev_project_uids", f.webdevProjectUids())
        .append("project_uids", f.projectUids())
        .append("reason", job.reason())
        .append("requested_by_key_id", job.requestedByKeyId())
        .append("request_id", job.requestId())
        .append(CREATED_AT, date(job.createdAt()))
        .append(UPDATED_AT, date(job.updatedAt()))
        .append(STARTED_AT, date(job.startedAt()))
        .append(FINISHED_AT, date(job.finishedAt()))
        .append(ATTEMPT, job.attempt())
        .append(WORKER_ID, job.lease() == null ? null : job.lease().workerId())
        .append(LEASE_EXPIRES_AT, job.lease() == null ? null : date(job.lease().expiresAt()))
        .append(PROGRESS, job.progress() == null ? null : toDocument(job.progress()))
        .append(FAILED_ATTEMPTS, job.failedAttempts().stream().map(a -> toDocument(a)).toList())
        .append(ERROR_CODE, job.failure() == null ? null : job.failure().code())
        .append(ERROR_MESSAGE, job.failure() == null ? null : job.failure().message())
        .append(LEGAL_HOLD, job.legalHold())
        .append(ARCHIVE, job.archive() == null ? null : toDocument(job.archive()));
  }

  static Document toDocument(ArchiveRef archive) {
    return new Document("object_name", archive.objectName())
        .append("size_bytes", archive.sizeBytes())
        .append("sha256", archive.sha256())
        .append("expires_at", date(archive.expiresAt()))
        .append("deleted_at", date(archive.deletedAt()));
  }

  static Document toDocument(Progress p) {
    return new Document("sections_done", p.sectionsDone())
        .append("sections_total", p.sectionsTotal())
        .append("records", p.records())
        .append("bytes", p.bytes());
  }

  static Document toDocument(FailedAttempt a) {
    return new Document(ATTEMPT, a.attempt())
        .append(WORKER_ID, a.workerId())
        .append("at", date(a.at()))
        .append("reason", a.reason());
  }

  static Document toDocument(OutboxMessage m) {
    Document message =
        new Document("id", m.id())
            .append("topic", m.topic().name())
            .append("key", m.key())
            .append("payload", m.payload());
    if (m.traceparent() != null) {
      message.append(TRACEPARENT, m.traceparent());
    }
    return message;
  }

  static OutboxMessage outboxMessage(Document d) {
    return new OutboxMessage(
        d.getString("id"),
        OutboxTopic.valueOf(d.getString("topic")),
        d.getString("key"),
        d.getString("payload"),
        d.getString(TRACEPARENT));
  }

  static ExportJob fromDocument(Document d) {
    ExportFilters filters =
        new ExportFilters(
            EnterpriseExportScope.valueOf(d.getString("scope")),
            d.getBoolean("include_deleted", false),
            d.getBoolean("include_files", true),
            instant(d.getDate("start_time")),
            instant(d.getDate("end_time")),
            strings(d, "session_ids"),
            strings(d, "webdev_project_uids"),
            strings(d, "project_uids"));
    String workerId = d.getString(WORKER_ID);
    String errorCode = d.getString(ERROR_CODE);
    return new ExportJob(
        d.getString(UID),
        d.getString(ENTERPRISE_UID),
        d.getString(USER_ID),
        ExportStatus.valueOf(d.getString(STATUS)),
        filters,
        d.getString("reason"),
        d.getString("requested_by_key_id"),
        d.getString("request_id"),
        instant(d.getDate(CREATED_AT)),
        instant(d.getDate(UPDATED_AT)),
        instant(d.getDate(STARTED_AT)),
        instant(d.getDate(FINISHED_AT)),
        archive(d.get(ARCHIVE, Document.class)),
        d.getInteger(ATTEMPT, 0),
        workerId == null ? null : new Lease(workerId, instant(d.getDate(LEASE_EXPIRES_AT))),
        progress(d.get(PROGRESS, Document.class)),
        failedAttempts(d),
        errorCode == null && d.getString(ERROR_MESSAGE) == null
            ? null
            : new Failure(errorCode, d.getString(ERROR_MESSAGE)),
        d.getBoolean(LEGAL_HOLD, false),
        JobKind.fromWireName(d.getString(KIND)));
  }

  private static ArchiveRef archive(Document a) {
    return a == null
        ? null
        : new ArchiveRef(
            a.getString("object_name"),
            a.get("size_bytes", Number.class).longValue(),
            a.getString("sha256"),
            instant(a.getDate("expires_at")),
            instant(a.getDate("deleted_at")));
  }

  private static Progress progress(Document p) {
    return p == null
        ? null
        : new Progress(
            p.getInteger("sections_done", 0),
            p.getInteger("sections_total", 0),
            p.get("records", Number.class).longValue(),
            p.get("bytes", Number.class).longValue());
  }

  private static List<FailedAttempt> failedAttempts(Document d) {
    List<Document> attempts = d.getList(FAILED_ATTEMPTS, Document.class);
    return attempts == null
        ? List.of()
        : attempts.stream()
            .map(
                a ->
                    new FailedAttempt(
                        a.getInteger(ATTEMPT, 0),
                        a.getString(WORKER_ID),
                        instant(a.getDate("at")),
                        a.getString("reason")))
            .toList();
  }

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  private static List<String> strings(Document d, String field) {
    List<String> values = d.getList(field, String.class);
    return values == null ? List.of() : values;
  }
}
