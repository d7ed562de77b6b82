package io.dataexport.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.audit.verify.PartitionReport;
import io.dataexport.audit.verify.TrailVerifier;
import io.dataexport.event.AuditDigest;
import io.dataexport.kafka.LocalKafka;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sealer against a real (embedded, KRaft) broker, checked by the verifier. */
class AuditSealerTest {

  @RegisterExtension static final LocalKafka kafka = new LocalKafka("unused");

  private SealedTopic audit;
  private TrailVerifier verifier;

  @BeforeEach
  void newTopic() throws Exception {
    audit = new SealedTopic(kafka);
    verifier = audit.verifier();
  }

  @AfterEach
  void stop() {
    audit.close();
  }

  @Test
  void everyPartitionIsSealedAndItsTrailVerifies() {
    audit.publish(0, 5);
    audit.publish(1, 3);
    audit.startSealer();

    audit.awaitEverythingSealed();
    audit.publish(0, 4);
    audit.awaitEverythingSealed();

    Map<Integer, List<AuditRecord>> trail = audit.read();
    PartitionReport first = verifier.verify(0, trail.get(0));
    assertThat(first.findings()).isEmpty();
    assertThat(first.sealedEvents()).isEqualTo(9);
    // one digest for the first five; the four published while the sealer runs are sealed by as
    // many passes as their publishing straddled (one to four)
    assertThat(first.digests()).isBetween(2, 5);
    assertThat(verifier.verify(1, trail.get(1)).sealedEvents()).isEqualTo(3);
  }

  @Test
  void aRestartedSealerContinuesTheChainFromThePartitionItself() {
    audit.publish(0, 2);
    AuditSealer first = audit.startSealer();
    audit.awaitEverythingSealed();
    first.stop();

    audit.publish(0, 3);
    audit.startSealer();
    audit.awaitEverythingSealed();

    List<AuditRecord> records = audit.read().get(0);
    List<AuditRecord> digests =
        records.stream().filter(record -> record.digest().isPresent()).toList();
    assertThat(digests).hasSize(2);
    AuditDigest.Data second = digests.get(1).digest().orElseThrow().data();
    assertThat(second.previousDigestSha256()).isEqualTo(digests.get(0).sha256());
    assertThat(second.count()).isEqualTo(3);
    assertThat(verifier.verify(0, records).findings()).isEmpty();
  }
}
