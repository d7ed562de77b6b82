package io.dataexport.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobKind;
import java.time.Instant;

/**
 * Published by the gateway when an export is created. It names the job; the job's parameters are
 * read from the job store, so a redelivered or stale event can never change what is exported.
 *
 * @param userId the user whose data is exported; absent for a workspace export
 * @param exportKind {@code workspace} for a whole-workspace export; absent for a user's export, so
 *     every event written before workspace exports existed still reads as what it was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportRequested(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("export_uid") String exportUid,
    @JsonProperty("enterprise_uid") String enterpriseUid,
    @JsonProperty("user_id") String userId,
    @JsonProperty("request_id") String requestId,
    @JsonProperty("requested_at") Instant requestedAt,
    @JsonProperty("export_kind") String exportKind) {

  public static final int SCHEMA_VERSION = 1;

  public static ExportRequested of(
      ExportSubject subject, String exportUid, String requestId, Instant at) {
    return new ExportRequested(
        SCHEMA_VERSION,
        exportUid,
        subject.enterpriseUid(),
        subject.userId(),
        requestId,
        at,
        subject.kind() == JobKind.WORKSPACE ? subject.kind().wireName() : null);
  }

  /**
   * Whose export it wakes up.
   *
   * @throws IllegalArgumentException when the event names no enterprise, a user export no user, or
   *     an unknown kind
   */
  public ExportSubject subject() {
    if (enterpriseUid == null) {
      throw new IllegalArgumentException("ExportRequested without enterprise_uid");
    }
    return new ExportSubject(JobKind.fromWireName(exportKind), enterpriseUid, userId);
  }

  /**
   * The record key: all of one subject's exports (a user's, or an enterprise's workspace exports)
   * share a partition, so they run one at a time.
   */
  public String key() {
    return subject().key();
  }
}
