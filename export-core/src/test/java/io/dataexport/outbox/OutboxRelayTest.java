package io.dataexport.outbox;

import static io.dataexport.export.ExportJobs.T0;
import static io.dataexport.export.ExportJobs.aPendingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import io.dataexport.event.Topics;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore.Claim;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.export.mongo.MongoJobOutbox;
import io.dataexport.export.mongo.StoredJobs;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.dataexport.kafka.LocalKafka;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.time.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;

/** The relay against a real (embedded, KRaft) Kafka broker and the in-memory MongoDB. */
class OutboxRelayTest {

  private static final KafkaTopicsProperties TOPICS =
      new KafkaTopicsProperties(Topics.EXPORT_REQUESTED, Topics.AUDIT, 1, (short) 1);
  private static final CreateOptions NO_KEY = new CreateOptions(null, 5);
  private static final Duration CLAIM_AFTER = Duration.ofSeconds(5);

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @RegisterExtension
  static final LocalKafka kafka =
      new LocalKafka(TOPICS.exportRequestedTopic(), TOPICS.auditTopic());

  private final MutableClock clock = new MutableClock(T0);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MongoDatabase database;
  private Consumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

  @BeforeEach
  void setUp() {
    database = mongo.freshDatabase();
    consumer = kafka.consumer(TOPICS.auditTopic(), TOPICS.exportRequestedTopic());
    toClose.add(consumer);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void aCreatedJobsEventsReachTheirTopicsAuditFirstAndLeaveTheOutbox() {
    Acks acks = new Acks();
    OutboxRelay relay = relay(template(kafka.brokers(), acks));
    MongoExportJobStore store = store(relay);
    ExportJob job = aPendingJob().build();

    store.create(job, NO_KEY);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertOutboxCleared(job));
    List<ConsumerRecord<String, String>> records = awaitRecords(job, 2);
    ConsumerRecord<String, String> audit = on(records, TOPICS.auditTopic()).get(0);
    ConsumerRecord<String, String> requested = on(records, TOPICS.exportRequestedTopic()).get(0);
    assertThat(audit.key()).isEqualTo(job.enterpriseUid());
    assertThat(audit.value()).contains("\"type\":\"io.dataexport.audit.job.created\"");
    assertThat(requested.key()).isEqualTo(job.enterpriseUid() + "/" + job.userId());
    assertThat(requested.value()).contains("\"export_uid\":\"" + job.uid() + "\"");
    assertThat(acks.topicsOf(job))
        .as("the broker had the audit event before the request was sent")
        .containsExactly(TOPICS.auditTopic(), TOPICS.exportRequestedTopic());
    assertThat(audit.timestamp()).isLessThanOrEqualTo(requested.timestamp());
  }

  @Test
  void whileTheBrokerIsUnreachableNothingIsLostAndAnotherRelayPublishesItLater() throws Exception {
    Acks failures = new Acks();
    OutboxRelay broken = relay(template("127.0.0.1:" + closedPort(), failures));
    MongoExportJobStore store = store(broken);
    ExportJob job = aPendingJob().build();

    store.create(job, NO_KEY);
    await().atMost(Duration.ofSeconds(30)).until(() -> !failures.errors.isEmpty());
    Claim claim =
        store.claimNext(
            ExportSubject.user(job.enterpriseUid(), job.userId()),
            "worker-a",
            T0.plusSeconds(120),
            T0.plusSeconds(1));
    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> failures.errors.size() >= 2);
    broken.close();

    assertThat(StoredJobs.outbox(database, job.uid()))
        .as("created, requested, started: all still to publish")
        .hasSize(3);
    assertThat(failures.sent).isEmpty();

    // the outbox was last written at the claim (T0+1s): claim-after later, any relay takes it
    clock.advance(CLAIM_AFTER.plusSeconds(10));
    Acks acks = new Acks();
    OutboxRelay working = relay(template(kafka.brokers(), acks));
    working.start();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertOutboxCleared(job));
    List<ConsumerRecord<String, String>> records = awaitRecords(job, 3);
    assertThat(on(records, TOPICS.auditTopic()))
        .extracting(ConsumerRecord::value)
        .satisfiesExactly(
            created -> assertThat(created).contains("io.dataexport.audit.job.created"),
            started -> assertThat(started).contains("io.dataexport.audit.job.started"));
    assertThat(on(records, TOPICS.exportRequestedTopic())).hasSize(1);
    assertThat(acks.topicsOf(job))
        .as("published in the order written")
        .containsExactly(TOPICS.auditTopic(), TOPICS.exportRequestedTopic(), TOPICS.auditTopic());
  }

  private void assertOutboxCleared(ExportJob job) {
    assertThat(StoredJobs.outbox(database, job.uid())).isEmpty();
    assertThat(StoredJobs.outboxSince(database, job.uid())).isEmpty();
  }

  /** Reads both topics until {@code count} records about the job arrived. */
  private List<ConsumerRecord<String, String>> awaitRecords(ExportJob job, int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(received::add);
              return about(job).size() >= count;
            });
    List<ConsumerRecord<String, String>> records = about(job);
    assertThat(records).hasSize(count);
    return records;
  }

  private List<ConsumerRecord<String, String>> about(ExportJob job) {
    return received.stream().filter(r -> r.value().contains(job.uid())).toList();
  }

  private static List<ConsumerRecord<String, String>> on(
      List<ConsumerRecord<String, String>> records, String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  private MongoExportJobStore store(OutboxListener listener) {
    MongoExportJobStore store =
        new MongoExportJobStore(database, new JobEvents("/dataexport/test"), listener);
    store.createIndexes();
    return store;
  }

  private OutboxRelay relay(KafkaTemplate<String, String> template) {
    OutboxRelay relay =
        new OutboxRelay(
            new MongoJobOutbox(database),
            template,
            TOPICS,
            new OutboxProperties(Duration.ofMillis(100), CLAIM_AFTER, Duration.ofSeconds(10)),
            clock,
            new SimpleMeterRegistry());
    toClose.add(relay);
    return relay;
  }

  /** A template on {@code brokers} that gives up on an unreachable broker within a second. */
  private KafkaTemplate<String, String> template(String brokers, Acks acks) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    DefaultKafkaProducerFactory<String, String> factory =
        new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new StringSerializer());
    toClose.add(factory::destroy);
    KafkaTemplate<String, String> template = new KafkaTemplate<>(factory);
    template.setProducerListener(acks);
    return template;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** What the broker acknowledged, in the order the acks arrived, and what it refused. */
  private static final class Acks implements ProducerListener<String, String> {
    final List<ProducerRecord<String, String>> sent = new CopyOnWriteArrayList<>();
    final List<Exception> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onSuccess(ProducerRecord<String, String> record, RecordMetadata metadata) {
      sent.add(record);
    }

    @Override
    public void onError(
        ProducerRecord<String, String> record, RecordMetadata metadata, Exception exception) {
      errors.add(exception);
    }

    List<String> topicsOf(ExportJob job) {
      return sent.stream()
          .filter(r -> r.value().contains(job.uid()))
          .map(ProducerRecord::topic)
          .toList();
    }
  }
}
