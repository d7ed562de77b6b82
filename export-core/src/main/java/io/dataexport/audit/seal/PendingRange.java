package io.dataexport.audit.seal;

import io.dataexport.event.AuditDigest;

/** The events read since the last digest, hashed as they come; becomes the next digest. */
public final class PendingRange {

  private final EventHashes hashes = new EventHashes();
  private long firstOffset = -1;
  private long lastOffset = -1;

  public void add(AuditRecord event) {
    hashes.add(event.key(), event.value());
    if (firstOffset < 0) {
      firstOffset = event.offset();
    }
    lastOffset = event.offset();
  }

  public boolean isEmpty() {
    return hashes.count() == 0;
  }

  public long lastOffset() {
    return lastOffset;
  }

  /**
   * The signed digest of these events, chained to the digest whose value hashes to {@code
   * previousDigestSha256} (null for a partition's first digest). Call once.
   */
  public AuditDigest.Data seal(
      String topic, int partition, String previousDigestSha256, DigestSigner signer) {
    return signer.sign(
        new AuditDigest.Data(
            1,
            topic,
            partition,
            firstOffset,
            lastOffset,
            hashes.count(),
            hashes.sha256(),
            hashes.unorderedSha256(),
            previousDigestSha256,
            null,
            null));
  }
}
