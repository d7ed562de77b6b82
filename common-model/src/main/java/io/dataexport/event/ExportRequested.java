package io.dataexport.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Published by the gateway when an export is created. It names the job; the job's parameters are
 * read from the job store, so a redelivered or stale event can never change what is exported.
 */
public record ExportRequested(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("export_uid") String exportUid,
    @JsonProperty("enterprise_uid") String enterpriseUid,
    @JsonProperty("user_id") String userId,
    @JsonProperty("request_id") String requestId,
    @JsonProperty("requested_at") Instant requestedAt) {

  public static final int SCHEMA_VERSION = 1;

  public static ExportRequested of(
      String exportUid, String enterpriseUid, String userId, String requestId, Instant at) {
    return new ExportRequested(SCHEMA_VERSION, exportUid, enterpriseUid, userId, requestId, at);
  }

  /** The record key: all of one user's exports share a partition, so they run one at a time. */
  public String key() {
    return enterpriseUid + "/" + userId;
  }
}
