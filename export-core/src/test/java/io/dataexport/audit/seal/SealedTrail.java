package io.dataexport.audit.seal;

import io.dataexport.event.AuditDigest;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import io.dataexport.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One audit partition's records as the sealer leaves them, built in memory: {@code
 * aTrail(signer).events(5).seal().events(2)} is five events, their digest, then an unsealed tail of
 * two. Offsets count up from 0 over events and digests alike, as Kafka's do.
 */
public final class SealedTrail {

  public static final String TOPIC = Topics.AUDIT;
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final DigestSigner signer;
  private final int partition;
  private final List<AuditRecord> records = new ArrayList<>();
  private PendingRange pending = new PendingRange();
  private final List<AuditRecord> unsealed = new ArrayList<>();
  private String previousDigestSha256;
  private long nextOffset;

  private SealedTrail(DigestSigner signer, int partition) {
    this.signer = signer;
    this.partition = partition;
  }

  public static SealedTrail aTrail(DigestSigner signer) {
    return new SealedTrail(signer, 0);
  }

  public static DigestSigner aSigner(String keyId) {
    var pair = DigestSigner.newKeyPair();
    return DigestSigner.fromPkcs8Base64(
        keyId, java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
  }

  public SealedTrail events(int count) {
    for (int i = 0; i < count; i++) {
      AuditRecord event = event(nextOffset++);
      records.add(event);
      unsealed.add(event);
    }
    return this;
  }

  /** A digest of every event since the last one. */
  public SealedTrail seal() {
    return sealAllBut(0);
  }

  /**
   * A digest of the events since the last one but the newest {@code notYetRead}: those arrived
   * after the sealer's read and before its digest, so they sit before the digest, sealed by the
   * next.
   */
  public SealedTrail sealAllBut(int notYetRead) {
    int covered = unsealed.size() - notYetRead;
    for (AuditRecord event : unsealed.subList(0, covered)) {
      pending.add(event);
    }
    unsealed.subList(0, covered).clear();
    AuditDigest.Data data = pending.seal(TOPIC, partition, previousDigestSha256, signer);
    pending = new PendingRange();
    AuditRecord digest = digestRecord(nextOffset++, data);
    records.add(digest);
    previousDigestSha256 = digest.sha256();
    return this;
  }

  public List<AuditRecord> records() {
    return new ArrayList<>(records);
  }

  public static AuditRecord digestRecord(long offset, AuditDigest.Data data) {
    String json = EventJson.write(AuditDigest.of("/dataexport/test", T0, data));
    return new AuditRecord(0, offset, null, json.getBytes(StandardCharsets.UTF_8));
  }

  private AuditRecord event(long offset) {
    String enterprise = "ent_" + (offset % 3);
    AuditEvent event =
        AuditEvent.of(
            "/dataexport/test",
            T0.plusSeconds(offset),
            new AuditEvent.Data(
                1,
                "export.create",
                "succeeded",
                null,
                enterprise,
                "key" + offset,
                "ADMIN",
                "10.0.0.1",
                "exp_" + offset,
                "user_" + offset,
                "legal hold",
                "req_" + offset));
    return new AuditRecord(
        partition,
        offset,
        enterprise.getBytes(StandardCharsets.UTF_8),
        EventJson.write(event).getBytes(StandardCharsets.UTF_8));
  }
}
