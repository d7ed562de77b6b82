package io.dataexport.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexport.export.ExportJob;
import io.dataexport.export.JobKind;
import java.time.Instant;
import java.util.UUID;

/**
 * One audited operation, as a CloudEvents 1.0 structured-mode JSON event. Keyed by enterprise on
 * the audit topic. It says who did what, to whom, why and with which outcome — never a secret (only
 * an API key's id, not the key) and never exported content.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String datacontenttype,
    Data data) {

  public static final String TYPE_PREFIX = "io.dataexport.audit.";

  /** The audited facts. {@code outcome} is {@code succeeded}, {@code refused} or {@code failed}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Data(
      @JsonProperty("schema_version") int schemaVersion,
      String operation,
      String outcome,
      @JsonProperty("error_code") String errorCode,
      @JsonProperty("enterprise_uid") String enterpriseUid,
      @JsonProperty("actor_key_id") String actorKeyId,
      @JsonProperty("actor_role") String actorRole,
      @JsonProperty("client_address") String clientAddress,
      @JsonProperty("export_uid") String exportUid,
      @JsonProperty("target_user_id") String targetUserId,
      String reason,
      @JsonProperty("request_id") String requestId,
      Integer attempt,
      @JsonProperty("target_key_id") String targetKeyId,
      @JsonProperty("archive_sha256") String archiveSha256,
      @JsonProperty("archive_size_bytes") Long archiveSizeBytes,
      @JsonProperty("export_kind") String exportKind) {

    /** An API call's facts; {@code attempt} belongs to job state changes only. */
    public Data(
        int schemaVersion,
        String operation,
        String outcome,
        String errorCode,
        String enterpriseUid,
        String actorKeyId,
        String actorRole,
        String clientAddress,
        String exportUid,
        String targetUserId,
        String reason,
        String requestId) {
      this(
          schemaVersion,
          operation,
          outcome,
          errorCode,
          enterpriseUid,
          actorKeyId,
          actorRole,
          clientAddress,
          exportUid,
          targetUserId,
          reason,
          requestId,
          null,
          null,
          null,
          null,
          null);
    }

    /**
     * A change of the job's state. The actor is the API key that asked for it, or null when a
     * worker or the sweeper made it on its own. {@code archive} is the archive a completion stored
     * (its SHA-256 and size go on the trail, so a copy can be checked against it later), null for
     * every other change.
     */
    public static Data forJob(
        ExportJob job,
        JobOperation operation,
        String outcome,
        String errorCode,
        String actorKeyId,
        String reason,
        ExportJob.ArchiveRef archive) {
      return new Data(
          1,
          operation.wireName(),
          outcome,
          errorCode,
          job.enterpriseUid(),
          actorKeyId,
          null,
          null,
          job.uid(),
          job.userId(),
          reason,
          job.requestId(),
          job.attempt() == 0 ? null : job.attempt(),
          null,
          archive == null ? null : archive.sha256(),
          archive == null ? null : archive.sizeBytes(),
          job.kind() == JobKind.WORKSPACE ? job.kind().wireName() : null);
    }
  }

  public static AuditEvent of(String source, Instant time, Data data) {
    return of(UUID.randomUUID().toString(), source, time, data);
  }

  /**
   * An event with a given id: an event written to a job's outbox keeps its id however often the
   * relay publishes it, so consumers can drop the repeats.
   */
  public static AuditEvent of(String id, String source, Instant time, Data data) {
    return new AuditEvent(
        "1.0",
        id,
        source,
        TYPE_PREFIX + data.operation(),
        time,
        data.exportUid(),
        "application/json",
        data);
  }
}
