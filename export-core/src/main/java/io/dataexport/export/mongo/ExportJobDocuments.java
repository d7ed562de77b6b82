package io.dataexport.export.mongo;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.ExportFilters;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Maps {@link ExportJob} to and from its MongoDB document; field names are the API's. */
final class ExportJobDocuments {

  static final String UID = "_id";
  static final String ENTERPRISE_UID = "enterprise_uid";
  static final String USER_ID = "user_id";
  static final String STATUS = "status";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";
  static final String STARTED_AT = "started_at";
  static final String FINISHED_AT = "finished_at";
  static final String HEARTBEAT_AT = "heartbeat_at";

  /** {@code <enterprise_uid>/<user_id>} while PROCESSING, absent otherwise; unique when present. */
  static final String PROCESSING_SLOT = "processing_slot";

  static final String ARCHIVE = "archive";
  static final String ARCHIVE_EXPIRES_AT = "archive.expires_at";

  /** Set by the retention sweep once the archive is gone from the store. */
  static final String ARCHIVE_DELETED_AT = "archive.deleted_at";

  static final String ERROR_MESSAGE = "error_message";

  private ExportJobDocuments() {}

  static Document toDocument(ExportJob job) {
    ExportFilters f = job.filters();
    return new Document(UID, job.uid())
        .append(ENTERPRISE_UID, job.enterpriseUid())
        .append(USER_ID, job.userId())
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
        .append(ARCHIVE, job.archive() == null ? null : toDocument(job.archive()))
        .append(ERROR_MESSAGE, job.errorMessage());
  }

  static Document toDocument(ArchiveRef archive) {
    return new Document("object_name", archive.objectName())
        .append("size_bytes", archive.sizeBytes())
        .append("sha256", archive.sha256())
        .append("expires_at", date(archive.expiresAt()));
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
    Document archive = d.get(ARCHIVE, Document.class);
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
        archive == null
            ? null
            : new ArchiveRef(
                archive.getString("object_name"),
                archive.get("size_bytes", Number.class).longValue(),
                archive.getString("sha256"),
                instant(archive.getDate("expires_at"))),
        d.getString(ERROR_MESSAGE));
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
