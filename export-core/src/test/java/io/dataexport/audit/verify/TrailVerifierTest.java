package io.dataexport.audit.verify;

import static io.dataexport.audit.seal.SealedTrail.aSigner;
import static io.dataexport.audit.seal.SealedTrail.aTrail;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.audit.seal.AuditRecord;
import io.dataexport.audit.seal.DigestKeys;
import io.dataexport.audit.seal.DigestSigner;
import io.dataexport.audit.seal.SealedTrail;
import io.dataexport.audit.verify.Finding.Kind;
import io.dataexport.event.AuditDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrailVerifierTest {

  private static final String KEY_ID = "audit-2026-01";

  private final java.security.KeyPair pair = DigestSigner.newKeyPair();
  private final DigestSigner signer =
      DigestSigner.fromPkcs8Base64(
          KEY_ID, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
  private final TrailVerifier verifier =
      new TrailVerifier(
          DigestKeys.of(
              Map.of(KEY_ID, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))));

  /** Offsets 0-4 events, 5 digest, 6-7 events, 8 one more event read late, 9 digest, 10-11 tail. */
  private List<AuditRecord> trail() {
    return aTrail(signer).events(5).seal().events(3).sealAllBut(1).events(1).records();
  }

  @Test
  void anUntouchedTrailVerifiesAndItsTailIsReportedUnsealed() {
    List<AuditRecord> records =
        aTrail(signer).events(5).seal().events(3).seal().events(2).records();

    PartitionReport report = verifier.verify(0, records);

    assertThat(report.findings()).isEmpty();
    assertThat(report.digests()).isEqualTo(2);
    assertThat(report.sealedEvents()).isEqualTo(8);
    assertThat(report.unsealedEvents()).isEqualTo(2);
  }

  @Test
  void anEventReadAfterTheSealersReadIsSealedByTheNextDigest() {
    PartitionReport report = verifier.verify(0, trail());

    assertThat(report.findings()).isEmpty();
    assertThat(report.sealedEvents()).isEqualTo(7);
    assertThat(report.unsealedEvents()).isEqualTo(2);
  }

  @Test
  void oneChangedByteIsReportedAsAnAlteration() {
    List<AuditRecord> records = trail();
    AuditRecord event = records.get(2);
    byte[] value = event.value().clone();
    value[value.length / 2] ^= 1;
    records.set(2, new AuditRecord(0, event.offset(), event.key(), value));

    assertThat(verifier.verify(0, records).findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.kind()).isEqualTo(Kind.ALTERED);
              assertThat(finding.offset()).isEqualTo(5); // the digest of the range
            });
  }

  @Test
  void aDroppedEventIsReportedAsRemovedWithItsOffset() {
    List<AuditRecord> records = trail();
    records.remove(3);

    assertThat(verifier.verify(0, records).findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.kind()).isEqualTo(Kind.REMOVED);
              assertThat(finding.detail()).contains("1 of 5").contains("offsets 3");
            });
  }

  @Test
  void twoSwappedLinesAreReportedAsAReordering() {
    List<AuditRecord> records = trail();
    AuditRecord second = records.get(1);
    records.set(1, records.get(2));
    records.set(2, second);

    assertThat(kinds(verifier.verify(0, records))).containsExactly(Kind.REORDERED);
  }

  @Test
  void twoEventsThatSwappedPlacesKeepingTheOffsetsAreReportedAsAReordering() {
    List<AuditRecord> records = trail();
    AuditRecord a = records.get(6);
    AuditRecord b = records.get(7);
    records.set(6, new AuditRecord(0, a.offset(), b.key(), b.value()));
    records.set(7, new AuditRecord(0, b.offset(), a.key(), a.value()));

    assertThat(kinds(verifier.verify(0, records))).containsExactly(Kind.REORDERED);
  }

  @Test
  void anInsertedEventIsReported() {
    List<AuditRecord> records = trail();
    AuditRecord copy = records.get(1);
    records.add(2, new AuditRecord(0, copy.offset(), copy.key(), copy.value()));

    assertThat(kinds(verifier.verify(0, records))).containsExactly(Kind.INSERTED);
  }

  @Test
  void anEventMovedPastItsDigestIsReportedAsRemovedThereAndReorderedHere() {
    List<AuditRecord> records = trail();
    AuditRecord moved = records.remove(4);
    records.add(5, moved); // after the digest at offset 5

    assertThat(kinds(verifier.verify(0, records))).containsExactly(Kind.REMOVED, Kind.REORDERED);
  }

  @Test
  void aDigestSignedWithAnotherKeyIsReportedAsForged() {
    List<AuditRecord> records = trail();
    AuditRecord genuine = records.get(5);
    AuditDigest.Data forged = genuine.digest().orElseThrow().data().withSignature(null);
    forged = aSigner(KEY_ID).sign(forged);
    records.set(5, SealedTrail.digestRecord(genuine.offset(), forged));

    List<Finding> findings = verifier.verify(0, records).findings();

    assertThat(findings).extracting(Finding::kind).contains(Kind.FORGED_DIGEST);
    assertThat(findings.get(0).detail()).contains("does not verify");
  }

  @Test
  void aDigestWithAKeyIdNobodyPublishedIsReportedAsForged() {
    List<AuditRecord> records = aTrail(aSigner("someone-else")).events(2).seal().records();

    assertThat(verifier.verify(0, records).findings())
        .singleElement()
        .satisfies(finding -> assertThat(finding.detail()).contains("unknown key id"));
  }

  @Test
  void aRemovedDigestBreaksTheChain() {
    List<AuditRecord> records = trail();
    records.remove(5);

    List<Kind> kinds = kinds(verifier.verify(0, records));

    assertThat(kinds).contains(Kind.BROKEN_CHAIN);
    assertThat(kinds).doesNotContain(Kind.ALTERED, Kind.REORDERED);
  }

  @Test
  void removingTheFirstDigestOfAPartitionBreaksTheChainToo() {
    List<AuditRecord> records = aTrail(signer).events(2).seal().events(2).seal().records();
    records.remove(2);

    assertThat(kinds(verifier.verify(0, records))).contains(Kind.BROKEN_CHAIN);
  }

  @Test
  void aPartitionWhoseBeginningExpiredVerifiesFromItsFirstDigestOn() {
    // 0-3 events, 4 digest, 5-7 events, 8 digest, 9-10 tail; retention kept offsets 5 on
    List<AuditRecord> records =
        aTrail(signer).events(4).seal().events(3).seal().events(2).records();

    PartitionReport report = verifier.verify(0, new ArrayList<>(records.subList(5, 11)));

    assertThat(report.findings()).isEmpty();
    assertThat(report.sealedEvents()).isEqualTo(3);
    assertThat(report.unanchoredEvents()).isZero();
  }

  @Test
  void eventsOfARangeRetentionCutAreCountedAsUncheckableNotAsRemoved() {
    List<AuditRecord> records =
        aTrail(signer).events(4).seal().events(3).seal().events(2).records();

    PartitionReport report = verifier.verify(0, new ArrayList<>(records.subList(6, 11)));

    assertThat(report.findings()).isEmpty();
    assertThat(report.unanchoredEvents()).isEqualTo(2);
    assertThat(report.unsealedEvents()).isEqualTo(2);
  }

  @Test
  void aCompleteTrailCopiedToAnotherPartitionFailsOnEveryDigest() {
    PartitionReport report = verifier.verify(1, trail());

    assertThat(kinds(report)).containsOnly(Kind.INSERTED);
    assertThat(report.digests()).isZero();
  }

  private static List<Kind> kinds(PartitionReport report) {
    return report.findings().stream().map(Finding::kind).toList();
  }
}
