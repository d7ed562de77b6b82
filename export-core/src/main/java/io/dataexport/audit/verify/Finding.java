package io.dataexport.audit.verify;

/**
 * Something the verifier found wrong in a partition's trail.
 *
 * @param offset the offset of the digest (or, for a stray event, the event) it concerns
 */
public record Finding(Kind kind, int partition, long offset, String detail) {

  public enum Kind {
    /** A sealed range holds fewer events than its digest counted. */
    REMOVED,
    /** A sealed range holds its events, but some bytes differ. */
    ALTERED,
    /** A sealed range holds exactly its events, in another order. */
    REORDERED,
    /** A sealed range holds more events than its digest counted, or an event no digest covers. */
    INSERTED,
    /** A digest whose signature does not verify under a known key: not written by the sealer. */
    FORGED_DIGEST,
    /** A digest whose previous-digest hash names no digest before it: a digest was removed. */
    BROKEN_CHAIN
  }

  @Override
  public String toString() {
    return kind + " partition " + partition + " offset " + offset + ": " + detail;
  }
}
