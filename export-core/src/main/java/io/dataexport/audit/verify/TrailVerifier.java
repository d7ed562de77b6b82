package io.dataexport.audit.verify;

import io.dataexport.audit.seal.AuditRecord;
import io.dataexport.audit.seal.DigestKeys;
import io.dataexport.audit.seal.EventHashes;
import io.dataexport.audit.verify.Finding.Kind;
import io.dataexport.event.AuditDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks one partition's trail against its digests. The records come in the order they were read
 * (offset order from a topic; line order from a file), so a reordering shows as a range whose
 * ordered hash fails while its unordered hash holds.
 */
public final class TrailVerifier {

  private static final int OFFSETS_NAMED = 10;

  private final DigestKeys keys;

  public TrailVerifier(DigestKeys keys) {
    this.keys = keys;
  }

  public PartitionReport verify(int partition, List<AuditRecord> records) {
    return new Walk(partition, records).run();
  }

  /** One pass over one partition; holds the state between digests. */
  private final class Walk {

    private final int partition;
    private final List<AuditRecord> records;
    private final List<Finding> findings = new ArrayList<>();
    private final Set<Long> offsetsSeen = new HashSet<>();
    private List<AuditRecord> pending = new ArrayList<>();
    private AuditRecord previousDigest;
    private long previousLastOffset = -1;
    private int digests;
    private long sealedEvents;
    private long unanchoredEvents;

    Walk(int partition, List<AuditRecord> records) {
      this.partition = partition;
      this.records = records;
    }

    PartitionReport run() {
      for (AuditRecord record : records) {
        boolean repeated = !offsetsSeen.add(record.offset());
        Optional<AuditDigest> digest = record.digest();
        if (digest.isPresent()) {
          digest(record, digest.get().data());
        } else {
          event(record, repeated);
        }
      }
      return new PartitionReport(
          partition,
          digests,
          sealedEvents,
          pending.size(),
          unanchoredEvents,
          List.copyOf(findings));
    }

    private void event(AuditRecord event, boolean repeated) {
      if (event.offset() > previousLastOffset) {
        pending.add(event);
      } else if (repeated) {
        report(Kind.INSERTED, event.offset(), "a second record at an offset already sealed");
      } else {
        report(
            Kind.REORDERED,
            event.offset(),
            "an event of a range already sealed (up to offset "
                + previousLastOffset
                + ") appears after that range's digest");
      }
    }

    private void digest(AuditRecord record, AuditDigest.Data digest) {
      if (!keys.signed(digest)) {
        report(
            Kind.FORGED_DIGEST,
            record.offset(),
            keys.knows(digest.keyId())
                ? "the signature does not verify under key " + digest.keyId()
                : "signed with an unknown key id " + digest.keyId());
        return;
      }
      if (digest.partition() != partition) {
        report(
            Kind.INSERTED,
            record.offset(),
            "a digest of partition " + digest.partition() + " copied into this one");
        return;
      }
      if (previousDigest == null && digest.previousDigestSha256() != null && firstOffset() > 0) {
        anchor(record, digest);
        return;
      }
      checkChain(record, digest);
      checkRange(record, digest);
      previousDigest = record;
      previousLastOffset = Math.max(previousLastOffset, digest.lastOffset());
      digests++;
    }

    /**
     * The partition's beginning expired (retention), so its first digest present names a previous
     * digest that is gone: the chain starts here. Its range is checked if retention left all of it;
     * events before it, or of a range retention cut, cannot be checked and are counted as such.
     */
    private void anchor(AuditRecord record, AuditDigest.Data digest) {
      boolean wholeRangeRetained = firstOffset() <= digest.firstOffset();
      long uncheckableUpTo = wholeRangeRetained ? digest.firstOffset() - 1 : digest.lastOffset();
      List<AuditRecord> uncheckable =
          pending.stream().filter(event -> event.offset() <= uncheckableUpTo).toList();
      unanchoredEvents += uncheckable.size();
      pending.removeAll(uncheckable);
      if (wholeRangeRetained) {
        checkRange(record, digest);
      }
      previousDigest = record;
      previousLastOffset = digest.lastOffset();
      digests++;
    }

    private void checkChain(AuditRecord record, AuditDigest.Data digest) {
      String expected = previousDigest == null ? null : previousDigest.sha256();
      String named = digest.previousDigestSha256();
      if (expected == null ? named != null : !expected.equals(named)) {
        report(
            Kind.BROKEN_CHAIN,
            record.offset(),
            previousDigest == null
                ? "names a previous digest, but none comes before it: a digest was removed"
                : "its previous-digest hash is not that of the digest at offset "
                    + previousDigest.offset()
                    + ": a digest between them was removed or replaced");
      }
    }

    private void checkRange(AuditRecord record, AuditDigest.Data digest) {
      // the range's events as they come, so a reordering shows in the ordered hash
      List<AuditRecord> covered = new ArrayList<>();
      List<AuditRecord> stray = new ArrayList<>();
      List<AuditRecord> later = new ArrayList<>();
      for (AuditRecord event : pending) {
        if (event.offset() > digest.lastOffset()) {
          later.add(event);
        } else if (event.offset() < digest.firstOffset()) {
          stray.add(event);
        } else {
          covered.add(event);
        }
      }
      pending = later;
      for (AuditRecord event : stray) {
        report(
            Kind.INSERTED,
            event.offset(),
            "an event between sealed ranges that no digest present covers");
      }
      EventHashes hashes = new EventHashes();
      covered.forEach(event -> hashes.add(event.key(), event.value()));
      sealedEvents += covered.size();
      String range =
          "range "
              + digest.firstOffset()
              + ".."
              + digest.lastOffset()
              + " (digest at offset "
              + record.offset()
              + ")";
      if (covered.size() < digest.count()) {
        report(
            Kind.REMOVED,
            record.offset(),
            (digest.count() - covered.size())
                + " of "
                + digest.count()
                + " events missing from "
                + range
                + missingOffsets(digest));
      } else if (covered.size() > digest.count()) {
        report(
            Kind.INSERTED,
            record.offset(),
            (covered.size() - digest.count())
                + " events more than the "
                + digest.count()
                + " sealed in "
                + range);
      } else if (!hashes.sha256().equals(digest.sha256())) {
        if (hashes.unorderedSha256().equals(digest.unorderedSha256())) {
          report(
              Kind.REORDERED, record.offset(), "the events of " + range + " are in another order");
        } else {
          report(Kind.ALTERED, record.offset(), "an event of " + range + " was changed");
        }
      }
    }

    /** Offsets inside the range that hold no record at all: where the removed events were. */
    private String missingOffsets(AuditDigest.Data digest) {
      List<Long> missing = new ArrayList<>();
      for (long offset = digest.firstOffset();
          offset <= digest.lastOffset() && missing.size() < OFFSETS_NAMED;
          offset++) {
        if (!offsetsSeen.contains(offset)) {
          missing.add(offset);
        }
      }
      return missing.isEmpty()
          ? ""
          : "; no record at offsets "
              + missing.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private long firstOffset() {
      return records.stream().mapToLong(AuditRecord::offset).min().orElse(0);
    }

    private void report(Kind kind, long offset, String detail) {
      findings.add(new Finding(kind, partition, offset, detail));
    }
  }
}
