package io.dataexport.kafka;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node) in the test's JVM, shared by the tests of one class:
 * {@code @RegisterExtension static final LocalKafka kafka = new LocalKafka(topics...);} starts it
 * before the class and stops it after. Its topics have one partition each, so a consumer sees one
 * topic's records in the order they were written. Tests share the topics: tell your records apart
 * by content (a job's uid), not by position.
 */
public final class LocalKafka implements BeforeAllCallback, AfterAllCallback {

  private final String[] topics;
  private EmbeddedKafkaKraftBroker broker;

  public LocalKafka(String... topics) {
    this.topics = topics.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    quietLogs();
    broker = new EmbeddedKafkaKraftBroker(1, 1, topics);
    broker.afterPropertiesSet();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    broker.destroy();
  }

  /** The broker's address, for {@code bootstrap.servers}. */
  public String brokers() {
    return broker.getBrokersAsString();
  }

  /**
   * A consumer of its own group, reading {@code topics} from their beginning. The caller closes it.
   */
  public Consumer<String, String> consumer(String... topics) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            brokers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer();
    consumer.subscribe(List.of(topics));
    return consumer;
  }

  /**
   * Broker and clients log thousands of lines at INFO (every config, every state change); keep
   * their warnings, which include a client that cannot reach a broker.
   */
  private static void quietLogs() {
    for (String name : List.of("org.apache.kafka", "kafka", "org.springframework.kafka")) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(Level.WARN);
      }
    }
  }
}
