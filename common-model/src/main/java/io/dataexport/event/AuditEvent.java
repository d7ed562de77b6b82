package io.dataexport.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexport.export.ExportJob;
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
      @JsonProperty("request_id") String requestId) {

    /** What a worker does to an export on its own: no API key, role or client address. */
    public static Data forJob(
        ExportJob job, String operation, String outcome, String errorCode, String reason) {
      return new Data(
          1,
          operation,
          outcome,
          errorCode,
          job.enterpriseUid(),
          null,
          null,
          null,
          job.uid(),
          job.userId(),
          reason,
          job.requestId());
    }
  }

  public static AuditEvent of(String source, Instant time, Data data) {
    return new AuditEvent(
        "1.0",
        UUID.randomUUID().toString(),
        source,
        TYPE_PREFIX + data.operation(),
        time,
        data.exportUid(),
        "application/json",
        data);
  }
}
