package io.dataexport.audit.seal;

import io.dataexport.digest.Sha256;
import io.dataexport.event.AuditDigest;
import io.dataexport.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/** One record of the audit topic as stored: where it sits and its exact key and value bytes. */
public record AuditRecord(int partition, long offset, byte[] key, byte[] value) {

  /** The digest this record holds, if it is one (any other record is an audited event). */
  public Optional<AuditDigest> digest() {
    if (value == null) {
      return Optional.empty();
    }
    try {
      String json = new String(value, StandardCharsets.UTF_8);
      if (!AuditDigest.TYPE.equals(EventJson.read(json, Envelope.class).type())) {
        return Optional.empty();
      }
      AuditDigest digest = EventJson.read(json, AuditDigest.class);
      return digest.data() == null ? Optional.empty() : Optional.of(digest);
    } catch (JacksonException e) {
      return Optional.empty(); // not JSON, or not a digest's shape: an event like any other
    }
  }

  /** The SHA-256 of the value, lower-case hex: what the next digest names as its previous one. */
  public String sha256() {
    MessageDigest digest = Sha256.newDigest();
    if (value != null) {
      digest.update(value);
    }
    return Sha256.hex(digest);
  }

  record Envelope(String type) {}
}
