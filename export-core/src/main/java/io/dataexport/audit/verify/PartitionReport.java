package io.dataexport.audit.verify;

import java.util.List;

/**
 * What the verifier concluded about one partition.
 *
 * @param digests digests that verified (signature and chain)
 * @param sealedEvents events inside sealed ranges that were checked
 * @param unsealedEvents events after the last digest: not yet sealed, so not yet verifiable
 * @param unanchoredEvents events before the first digest of a partition whose beginning has expired
 *     (retention): their digest is gone, so they cannot be checked
 */
public record PartitionReport(
    int partition,
    int digests,
    long sealedEvents,
    long unsealedEvents,
    long unanchoredEvents,
    List<Finding> findings) {

  public boolean verified() {
    return findings.isEmpty();
  }
}
