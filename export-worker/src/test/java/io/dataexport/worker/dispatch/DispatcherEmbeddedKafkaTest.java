package io.dataexport.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The dispatcher behind a real listener container in MANUAL ack mode, against a real broker: what
 * the group has committed is what the broker says, not what a fake recorded.
 */
@EmbeddedKafka(
    partitions = 1,
    topics = {DispatcherEmbeddedKafkaTest.LONG_HEAD, DispatcherEmbeddedKafkaTest.STOPPED})
class DispatcherEmbeddedKafkaTest {

  static final String LONG_HEAD = "long-head";
  static final String STOPPED = "stopped";

  private final ScriptedWork work = new ScriptedWork();
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>(); // closed last in, first out
  private KafkaTemplate<String, String> template;
  private AdminClient admin;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  @Test
  void shortRecordsBehindALongOneFinishButTheCommitWaitsForIt(EmbeddedKafkaBroker broker)
      throws Exception {
    CountDownLatch longExport = work.hold("a");
    send(broker, LONG_HEAD, "z/1", "z");
    send(broker, LONG_HEAD, "a/1", "a"); // offset 1
    send(broker, LONG_HEAD, "b/1", "b");
    send(broker, LONG_HEAD, "c/1", "c");

    Container running = start(broker, LONG_HEAD, "long-head-group");

    await().until(() -> work.finished.containsAll(List.of("z", "b", "c")));
    await().until(() -> work.started.contains("a"));
    assertThat(work.finished).doesNotContain("a");
    await()
        .during(Duration.ofSeconds(1)) // some ten commit opportunities at a 100 ms poll
        .atMost(Duration.ofSeconds(15))
        .until(() -> committed(broker, LONG_HEAD, "long-head-group") == 1L);

    longExport.countDown();

    await().until(() -> committed(broker, LONG_HEAD, "long-head-group") == 4L);
    running.container.stop();
  }

  @Test
  void afterAStopANewConsumerOfTheGroupReceivesExactlyTheUnfinishedRecords(
      EmbeddedKafkaBroker broker) throws Exception {
    work.hold("y1"); // runs until asked to stop, then hands its job back
    send(broker, STOPPED, "x/1", "x1");
    send(broker, STOPPED, "x/2", "x2");
    send(broker, STOPPED, "y/1", "y1"); // offset 2, running at the stop
    send(broker, STOPPED, "y/1", "y2"); // offset 3, waiting behind it
    Container running = start(broker, STOPPED, "stopped-group");
    await()
        .until(() -> work.finished.containsAll(List.of("x1", "x2")) && work.started.contains("y1"));

    // what Spring does at shutdown: the dispatcher's phase stops before the container's
    DispatcherLifecycle lifecycle =
        new DispatcherLifecycle(running.dispatcher, Duration.ofMillis(200));
    lifecycle.start();
    lifecycle.stop();
    running.container.stop();

    assertThat(work.stopped).containsExactly("y1");
    assertThat(committed(broker, STOPPED, "stopped-group")).isEqualTo(2L);
    try (Consumer<String, String> next = consumer(broker, "stopped-group")) {
      next.subscribe(List.of(STOPPED));
      List<String> redelivered = new ArrayList<>();
      KafkaTestUtils.getRecords(next, Duration.ofSeconds(10), 2)
          .forEach(record -> redelivered.add(record.offset() + ":" + record.value()));
      assertThat(redelivered).containsExactly("2:y1", "3:y2");
    }
  }

  private Container start(EmbeddedKafkaBroker broker, String topic, String group) {
    AtomicReference<ConcurrentMessageListenerContainer<String, String>> container =
        new AtomicReference<>();
    KeyOrderedDispatcher dispatcher =
        new KeyOrderedDispatcher(
            new DispatchSettings(4, 4, 100),
            work,
            new ListenerContainerPartitionControl(container::get),
            new DeadLetterPublishingRecoverer(template(broker)));
    toClose.push(dispatcher);
    ContainerProperties properties = new ContainerProperties(topic);
    properties.setAckMode(AckMode.MANUAL);
    properties.setPollTimeout(100);
    properties.setConsumerRebalanceListener(new DispatcherRebalanceListener(dispatcher));
    properties.setMessageListener(
        (AcknowledgingMessageListener<String, String>) dispatcher::submit);
    container.set(
        new ConcurrentMessageListenerContainer<>(
            new DefaultKafkaConsumerFactory<>(consumerProperties(broker, group)), properties));
    container.get().start();
    toClose.push(() -> container.get().stop());
    return new Container(container.get(), dispatcher);
  }

  private record Container(
      ConcurrentMessageListenerContainer<String, String> container,
      KeyOrderedDispatcher dispatcher) {}

  private void send(EmbeddedKafkaBroker broker, String topic, String key, String value)
      throws Exception {
    template(broker).send(topic, key, value).get();
  }

  private KafkaTemplate<String, String> template(EmbeddedKafkaBroker broker) {
    if (template == null) {
      Map<String, Object> properties = new HashMap<>(KafkaTestUtils.producerProps(broker));
      properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      DefaultKafkaProducerFactory<String, String> producers =
          new DefaultKafkaProducerFactory<>(properties);
      toClose.push(producers::destroy);
      template = new KafkaTemplate<>(producers);
    }
    return template;
  }

  private static Consumer<String, String> consumer(EmbeddedKafkaBroker broker, String group) {
    return new DefaultKafkaConsumerFactory<String, String>(consumerProperties(broker, group))
        .createConsumer();
  }

  private static Map<String, Object> consumerProperties(EmbeddedKafkaBroker broker, String group) {
    Map<String, Object> properties =
        new HashMap<>(KafkaTestUtils.consumerProps(broker, group, false));
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return properties;
  }

  /** The group's committed offset of the topic's only partition; -1 when none. */
  private long committed(EmbeddedKafkaBroker broker, String topic, String group) throws Exception {
    if (admin == null) {
      admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
      toClose.push(admin);
    }
    OffsetAndMetadata offset = KafkaTestUtils.getCurrentOffset(admin, group, topic, 0);
    return offset == null ? -1 : offset.offset();
  }
}
