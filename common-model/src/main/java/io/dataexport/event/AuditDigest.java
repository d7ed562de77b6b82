package io.dataexport.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A signed digest of one audit partition's events since the previous digest, written into that
 * partition as a CloudEvents event: the count, the SHA-256 over the events in offset order, their
 * first and last offsets, and the previous digest's hash, so the digests of a partition form a
 * chain (AWS CloudTrail's log-file validation, on a topic). Digests are not themselves covered by a
 * digest; the chain covers them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditDigest(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String datacontenttype,
    Data data) {

  public static final String TYPE = AuditEvent.TYPE_PREFIX + "digest.v1";

  /**
   * The sealed facts. {@code previousDigestSha256} is null for a partition's first digest; {@code
   * unorderedSha256} (the sum of the events' own hashes) only tells a reordering from an alteration
   * when {@code sha256} does not match.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Data(
      @JsonProperty("schema_version") int schemaVersion,
      String topic,
      int partition,
      @JsonProperty("first_offset") long firstOffset,
      @JsonProperty("last_offset") long lastOffset,
      long count,
      String sha256,
      @JsonProperty("unordered_sha256") String unorderedSha256,
      @JsonProperty("previous_digest_sha256") String previousDigestSha256,
      @JsonProperty("key_id") String keyId,
      String signature) {

    /**
     * The bytes the signature covers: every field but the signature, one {@code name=value} line
     * each in this order, UTF-8. A field added later is added here too, or it is not signed.
     */
    public String signedText() {
      return String.join(
          "\n",
          TYPE,
          "schema_version=" + schemaVersion,
          "topic=" + topic,
          "partition=" + partition,
          "first_offset=" + firstOffset,
          "last_offset=" + lastOffset,
          "count=" + count,
          "sha256=" + sha256,
          "unordered_sha256=" + unorderedSha256,
          "previous_digest_sha256=" + (previousDigestSha256 == null ? "" : previousDigestSha256),
          "key_id=" + keyId);
    }

    public Data withSignature(String signature) {
      return new Data(
          schemaVersion,
          topic,
          partition,
          firstOffset,
          lastOffset,
          count,
          sha256,
          unorderedSha256,
          previousDigestSha256,
          keyId,
          signature);
    }
  }

  public static AuditDigest of(String source, Instant time, Data data) {
    return new AuditDigest(
        "1.0",
        UUID.randomUUID().toString(),
        source,
        TYPE,
        time,
        data.topic() + "/" + data.partition(),
        "application/json",
        data);
  }
}
