package io.dataexport.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The adapters that tie the dispatcher to spring-kafka and to the application's lifecycle. */
class DispatcherSpringGlueTest {

  private static final String TOPIC = "requests";

  private final ScriptedWork work = new ScriptedWork();
  private final RecordingAcks acks = new RecordingAcks();

  @SuppressWarnings("unchecked")
  private final KeyOrderedDispatcher dispatcher =
      new KeyOrderedDispatcher(
          new DispatchSettings(2, 2, 10).withStopGrace(Duration.ofSeconds(5)),
          work,
          new RecordingPartitionControl(),
          new DeadLetterPublishingRecoverer(mock(KafkaTemplate.class)));

  @AfterEach
  void close() {
    dispatcher.close();
  }

  @Test
  void theLifecycleStopsBeforeTheListenerContainersSoTheyCommitItsLastAcknowledgments() {
    assertThat(DispatcherLifecycle.PHASE)
        .as("Spring stops higher phases first")
        .isGreaterThan(new KafkaListenerEndpointRegistry().getPhase());
  }

  @Test
  void stoppingTheLifecycleDrainsTheDispatcher() {
    DispatcherLifecycle lifecycle = new DispatcherLifecycle(dispatcher, Duration.ofMillis(50));
    work.hold("p0@1"); // runs until asked to stop
    submit(0, "e/a");
    submit(1, "e/b");
    await().until(() -> work.finished.contains("p0@0") && work.started.contains("p0@1"));
    lifecycle.start();

    lifecycle.stop();

    assertThat(lifecycle.isRunning()).isFalse();
    assertThat(work.stopped).containsExactly("p0@1");
    assertThat(dispatcher.running()).isZero();
    assertThat(acks.of(TOPIC, 0)).containsExactly(0L);
    submit(2, "e/c");
    assertThat(work.started).doesNotContain("p0@2");
  }

  @Test
  void theRebalanceListenerDropsRevokedPartitionsBeforeTheContainerCommits() {
    work.hold("p0@0");
    submit(0, "e/a");
    submit(1, "e/a");
    await().until(() -> dispatcher.running() == 1);

    new DispatcherRebalanceListener(dispatcher)
        .onPartitionsRevokedBeforeCommit(null, List.of(new TopicPartition(TOPIC, 0)));

    assertThat(dispatcher.buffered()).isZero();
    work.hold("p0@0").countDown();
    await().until(() -> dispatcher.running() == 0);
    assertThat(acks.of(TOPIC, 0)).isEmpty();
  }

  @Test
  void partitionControlGoesToTheContainerOnceItExists() {
    AtomicReference<MessageListenerContainer> container = new AtomicReference<>();
    ListenerContainerPartitionControl control =
        new ListenerContainerPartitionControl(container::get);
    TopicPartition partition = new TopicPartition(TOPIC, 3);
    control.pause(partition); // no container yet: nothing to pause

    container.set(mock(MessageListenerContainer.class));
    control.pause(partition);
    control.resume(partition);

    verify(container.get()).pausePartition(partition);
    verify(container.get()).resumePartition(partition);
  }

  private void submit(long offset, String key) {
    ConsumerRecord<String, String> record =
        new ConsumerRecord<>(TOPIC, 0, offset, key, "p0@" + offset);
    dispatcher.submit(record, acks.of(record));
  }
}
