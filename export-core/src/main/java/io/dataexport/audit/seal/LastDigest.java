package io.dataexport.audit.seal;

/**
 * Where a partition's chain ends: the digest's own offset, the last event offset it sealed, and the
 * SHA-256 of its record (what the next digest names as its previous one).
 */
record LastDigest(long offset, long lastSealedOffset, String sha256) {

  static LastDigest of(AuditRecord record) {
    return new LastDigest(
        record.offset(), record.digest().orElseThrow().data().lastOffset(), record.sha256());
  }
}
