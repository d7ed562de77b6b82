package io.dataexport.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataexport.audit.verify.PartitionReport;
import io.dataexport.audit.verify.TopicTrail;
import io.dataexport.audit.verify.TrailVerifier;
import io.dataexport.event.AuditDigest;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import io.dataexport.kafka.LocalKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The sealer against a real (embedded, KRaft) broker, checked by the verifier. */
class AuditSealerTest {

  static final String KEY_ID = "audit-test-1";
  private static final Duration INTERVAL = Duration.ofMillis(300);

  @RegisterExtension static final LocalKafka kafka = new LocalKafka("unused");

  final KeyPair keys = DigestSigner.newKeyPair();
  final TrailVerifier verifier =
      new TrailVerifier(
          DigestKeys.of(
              Map.of(KEY_ID, Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))));
  final String topic = "audit-" + UUID.randomUUID();
  private final List<AuditSealer> sealers = new ArrayList<>();
  private DefaultKafkaProducerFactory<String, String> producers;
  KafkaTemplate<String, String> template;

  @BeforeEach
  void createTopicAndProducer() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    producers =
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.brokers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer());
    template = new KafkaTemplate<>(producers);
  }

  @AfterEach
  void stopAll() {
    sealers.stream().filter(AuditSealer::isRunning).forEach(AuditSealer::stop);
    producers.destroy();
  }

  @Test
  void everyPartitionIsSealedAndItsTrailVerifies() {
    publish(0, 5);
    publish(1, 3);
    startSealer();

    awaitEverythingSealed();
    publish(0, 4);
    awaitEverythingSealed();

    Map<Integer, List<AuditRecord>> trail = TopicTrail.read(kafka.brokers(), topic);
    PartitionReport first = verifier.verify(0, trail.get(0));
    assertThat(first.findings()).isEmpty();
    assertThat(first.sealedEvents()).isEqualTo(9);
    assertThat(first.digests()).isEqualTo(2);
    assertThat(verifier.verify(1, trail.get(1)).sealedEvents()).isEqualTo(3);
  }

  @Test
  void aRestartedSealerContinuesTheChainFromThePartitionItself() {
    publish(0, 2);
    AuditSealer first = startSealer();
    awaitEverythingSealed();
    first.stop();

    publish(0, 3);
    startSealer();
    awaitEverythingSealed();

    List<AuditRecord> records = TopicTrail.read(kafka.brokers(), topic).get(0);
    List<AuditRecord> digests =
        records.stream().filter(record -> record.digest().isPresent()).toList();
    assertThat(digests).hasSize(2);
    AuditDigest.Data second = digests.get(1).digest().orElseThrow().data();
    assertThat(second.previousDigestSha256()).isEqualTo(digests.get(0).sha256());
    assertThat(second.count()).isEqualTo(3);
    assertThat(verifier.verify(0, records).findings()).isEmpty();
  }

  AuditSealer startSealer() {
    KafkaProperties properties = new KafkaProperties();
    properties.setBootstrapServers(List.of(kafka.brokers()));
    SealProperties seal = new SealProperties(true, INTERVAL, null, KEY_ID, "sealer-" + topic);
    AuditSealer sealer =
        new AuditSealer(
            new KafkaConsumer<>(
                AuditSealConfiguration.consumerProperties(properties, seal, "test")),
            template,
            topic,
            "/dataexport/test",
            DigestSigner.fromPkcs8Base64(
                KEY_ID, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())),
            INTERVAL,
            Clock.systemUTC(),
            new SealMetrics(new SimpleMeterRegistry(), Clock.systemUTC()));
    sealers.add(sealer);
    sealer.start();
    return sealer;
  }

  void publish(int partition, int count) {
    for (int i = 0; i < count; i++) {
      String enterprise = "ent_" + i;
      AuditEvent event =
          AuditEvent.of(
              "/dataexport/test",
              Instant.now(),
              new AuditEvent.Data(
                  1,
                  "export.create",
                  "succeeded",
                  null,
                  enterprise,
                  "key1",
                  "ADMIN",
                  null,
                  "exp_" + UUID.randomUUID(),
                  "user_" + i,
                  "audit",
                  "req_" + i));
      template
          .send(new ProducerRecord<>(topic, partition, enterprise, EventJson.write(event)))
          .join();
    }
  }

  /** Until no partition has an unsealed event and everything sealed verifies. */
  void awaitEverythingSealed() {
    await("every audit event sealed")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                TopicTrail.read(kafka.brokers(), topic).entrySet().stream()
                    .map(e -> verifier.verify(e.getKey(), e.getValue()))
                    .allMatch(report -> report.verified() && report.unsealedEvents() == 0));
  }
}
