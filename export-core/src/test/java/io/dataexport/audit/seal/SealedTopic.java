package io.dataexport.audit.seal;

import static org.awaitility.Awaitility.await;

import io.dataexport.audit.verify.TopicTrail;
import io.dataexport.audit.verify.TrailVerifier;
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
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A fresh two-partition audit topic on the shared test broker, an idempotent producer of audit
 * events into it, and sealers over it with a short interval, all signing with one test key.
 */
public final class SealedTopic implements AutoCloseable {

  public static final String KEY_ID = "audit-test-1";
  private static final Duration INTERVAL = Duration.ofMillis(300);

  private final LocalKafka kafka;
  private final KeyPair keys = DigestSigner.newKeyPair();
  private final String topic = "audit-" + UUID.randomUUID();
  private final List<AuditSealer> sealers = new ArrayList<>();
  private final DefaultKafkaProducerFactory<String, String> producers;
  private final KafkaTemplate<String, String> template;

  public SealedTopic(LocalKafka kafka) throws InterruptedException, ExecutionException {
    this.kafka = kafka;
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

  public String topic() {
    return topic;
  }

  /** The public key, X.509 in base64, as the gateway publishes it. */
  public String publicKey() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  public TrailVerifier verifier() {
    return new TrailVerifier(DigestKeys.of(Map.of(KEY_ID, publicKey())));
  }

  /** A sealer as the worker makes it (same consumer settings), started. */
  public AuditSealer startSealer() {
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

  public void publish(int partition, int count) {
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

  public Map<Integer, List<AuditRecord>> read() {
    return TopicTrail.read(kafka.brokers(), topic);
  }

  /** Until no partition has an unsealed event and everything sealed verifies. */
  public void awaitEverythingSealed() {
    TrailVerifier verifier = verifier();
    await("every audit event sealed")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                read().entrySet().stream()
                    .map(e -> verifier.verify(e.getKey(), e.getValue()))
                    .allMatch(report -> report.verified() && report.unsealedEvents() == 0));
  }

  @Override
  public void close() {
    sealers.stream().filter(AuditSealer::isRunning).forEach(AuditSealer::stop);
    producers.destroy();
  }
}
