package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker keeps its address, topics, messages and consumer offsets across a restart. */
class LocalKafkaBrokerTest {

  private static final String TOPIC = "orders";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final String GROUP = "billing";

  @TempDir Path directory;
  private LocalKafkaBroker broker;

  @AfterEach
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aRestartKeepsAddressMessagesAndCommittedOffsets() throws Exception {
    broker = LocalKafkaBroker.start(directory, 0);
    String address = broker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer = producer(address)) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "m" + i)).get();
      }
      try (KafkaConsumer<String, String> billing = groupConsumer(address, "earliest")) {
        billing.subscribe(Set.of(TOPIC));
        assertThat(pollUntil(billing, 4)).startsWith("m0", "m1", "m2", "m3");
        billing.commitSync(Map.of(PARTITION, new OffsetAndMetadata(4)));
      }

      broker.close();
      broker.close(); // a second close does nothing
      broker = LocalKafkaBroker.start(directory, 0);

      assertThat(broker.bootstrapServers()).isEqualTo(address);
      // a client of the first broker reconnects to the second
      producer.send(new ProducerRecord<>(TOPIC, "after restart")).get();
    }
    try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(config(address, "earliest"))) {
      reader.assign(List.of(PARTITION));
      assertThat(pollUntil(reader, 11))
          .containsExactly(
              "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "after restart");
    }
    // "none": without the committed offset the poll would fail rather than start anywhere
    try (KafkaConsumer<String, String> billing = groupConsumer(address, "none")) {
      billing.subscribe(Set.of(TOPIC));
      assertThat(pollUntil(billing, 7))
          .containsExactly("m4", "m5", "m6", "m7", "m8", "m9", "after restart");
    }
  }

  @Test
  void aGivenPortIsTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    broker = LocalKafkaBroker.start(directory, port);

    assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
  }

  private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
    List<String> values = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
              }
              return values.size() >= count;
            });
    return values;
  }

  private static KafkaProducer<String, String> producer(String address) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
  }

  /** A consumer of {@value #GROUP} that commits only by hand. */
  private static KafkaConsumer<String, String> groupConsumer(String address, String offsetReset) {
    Map<String, Object> config = config(address, offsetReset);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config);
  }

  private static Map<String, Object> config(String address, String offsetReset) {
    return new HashMap<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            address,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            offsetReset,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class));
  }
}
