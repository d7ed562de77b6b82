package io.dataexport.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/** The dispatcher with its real threads; fakes only for the acknowledgments and the container. */
class KeyOrderedDispatcherTest {

  private static final String TOPIC = "requests";
  private static final DispatchSettings ROOMY =
      new DispatchSettings(8, 8, 1_000)
          .withFailureDelays(Duration.ofMillis(10), Duration.ofMillis(40))
          .withStopGrace(Duration.ofSeconds(5));

  private final ScriptedWork work = new ScriptedWork();
  private final RecordingAcks acks = new RecordingAcks();
  private final RecordingPartitionControl control = new RecordingPartitionControl();
  // dead letters wait for an explicit completeNext(), as for a broker's acknowledgment; the
  // template closes its producer after each send, which a real factory's producer survives
  private final MockProducer<String, String> deadLetterProducer =
      new MockProducer<>(false, null, new StringSerializer(), new StringSerializer()) {
        @Override
        public void close(Duration timeout) {}
      };
  private final List<KeyOrderedDispatcher> dispatchers = new ArrayList<>();

  @AfterEach
  void closeDispatchers() {
    dispatchers.forEach(KeyOrderedDispatcher::close);
  }

  @Test
  void recordsOfOneKeyRunOneAtATimeInOffsetOrder() {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    for (int offset = 0; offset < 20; offset++) {
      submit(dispatcher, 0, offset, "e1/u1");
    }

    await().until(() -> acks.of(TOPIC, 0).contains(19L));
    assertThat(work.started).containsExactlyElementsOf(names(0, 20));
    assertThat(work.maxRunning()).isEqualTo(1);
  }

  @Test
  void aBlockedKeyDoesNotDelayOtherKeysOfItsPartitionNorPassItsOffset() {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    CountDownLatch a = work.hold("p0@0");
    submit(dispatcher, 0, 0, "e1/a");
    submit(dispatcher, 0, 1, "e1/b");
    submit(dispatcher, 0, 2, "e2/c");

    await().until(() -> work.finished.containsAll(List.of("p0@1", "p0@2")));
    assertThat(work.finished).doesNotContain("p0@0");
    // the gauge counts a record out once its thread has handed it back, a moment after it finished
    await().untilAsserted(() -> assertThat(dispatcher.running()).isEqualTo(1));
    assertThat(acks.of(TOPIC, 0)).as("nothing passes the unfinished 0").isEmpty();

    a.countDown();

    await().until(() -> acks.of(TOPIC, 0).equals(List.of(2L)));
  }

  @Test
  void retryAfterKeepsTheKeysLaterRecordsWaitingAndLetsOtherKeysRun() {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    // long enough that the retry cannot come before the assertions below on a loaded machine
    work.script("p0@0", Outcome.retryAfter(Duration.ofSeconds(3)), Outcome.done());
    submit(dispatcher, 0, 0, "e1/a");
    submit(dispatcher, 0, 1, "e1/a");
    submit(dispatcher, 0, 2, "e1/b");

    await().until(() -> work.finished.contains("p0@2"));
    assertThat(work.started).doesNotContain("p0@1");
    await()
        .untilAsserted(
            () ->
                assertThat(dispatcher.buffered())
                    .as("0 waits for its retry, 1 behind it")
                    .isEqualTo(2));

    await().until(() -> acks.of(TOPIC, 0).contains(2L));
    assertThat(work.started.subList(0, 2)).containsExactlyInAnyOrder("p0@0", "p0@2");
    assertThat(work.started.subList(2, 4)).containsExactly("p0@0", "p0@1");
  }

  @Test
  void aTenantWithABacklogCannotStarveAnotherTenantsSingleRecord() {
    KeyOrderedDispatcher dispatcher = dispatcher(new DispatchSettings(2, 2, 1_000));
    List<CountDownLatch> gates = new ArrayList<>();
    for (int offset = 0; offset < 100; offset++) {
      gates.add(work.hold(name(0, offset)));
      submit(dispatcher, 0, offset, "a/u" + offset % 25);
    }
    submit(dispatcher, 1, 0, "b/u0");
    await().until(() -> work.started.size() == 2);
    assertThat(work.started).containsExactlyInAnyOrder("p0@0", "p0@1");

    gates.get(0).countDown();

    await().until(() -> work.finished.contains("p1@0"));
    assertThat(work.finished).containsExactly("p0@0", "p1@0");
    assertThat(work.started.indexOf("p1@0")).isEqualTo(2);
    gates.forEach(CountDownLatch::countDown);
    await().until(() -> acks.of(TOPIC, 0).contains(99L));
  }

  @Test
  void aTenantRunsAtMostItsLimitWhileAnotherUsesTheFreeSlots() {
    KeyOrderedDispatcher dispatcher = dispatcher(new DispatchSettings(4, 2, 1_000));
    List<CountDownLatch> gates = new ArrayList<>();
    for (int offset = 0; offset < 6; offset++) {
      gates.add(work.hold(name(0, offset)));
      submit(dispatcher, 0, offset, "a/u" + offset);
    }
    submit(dispatcher, 1, 0, "b/u0");

    await().until(() -> work.finished.contains("p1@0"));
    await()
        .untilAsserted(
            () -> {
              assertThat(dispatcher.running()).isEqualTo(2);
              assertThat(dispatcher.buffered()).isEqualTo(4);
            });
    gates.forEach(CountDownLatch::countDown);
    await().until(() -> acks.of(TOPIC, 0).contains(5L));
    assertThat(work.maxRunningOf("a")).isEqualTo(2);
  }

  @Test
  void pausesAPartitionAtTheBufferLimitAndResumesItBelowHalf() {
    KeyOrderedDispatcher dispatcher = dispatcher(new DispatchSettings(8, 8, 4));
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    List<CountDownLatch> gates = new ArrayList<>();
    for (int offset = 0; offset < 4; offset++) {
      gates.add(work.hold(name(0, offset)));
      submit(dispatcher, 0, offset, "e/u1");
    }
    await().until(() -> control.paused.contains(p0));

    gates.get(0).countDown();
    gates.get(1).countDown();
    await().until(() -> acks.of(TOPIC, 0).contains(1L));
    assertThat(control.calls)
        .as("2 unfinished of 4 is not below half")
        .containsExactly("pause " + p0);

    gates.get(2).countDown();

    await().until(() -> !control.paused.contains(p0));
    assertThat(control.calls).containsExactly("pause " + p0, "resume " + p0);
    gates.get(3).countDown();
  }

  @Test
  void revokedPartitionsDropTheirWaitingRecordsAndAcknowledgeNothingMore() {
    KeyOrderedDispatcher dispatcher = dispatcher(new DispatchSettings(8, 8, 2));
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    CountDownLatch runningWhenRevoked = work.hold("p0@0");
    CountDownLatch otherPartition = work.hold("p1@0");
    submit(dispatcher, 0, 0, "e/a");
    submit(dispatcher, 0, 1, "e/a");
    submit(dispatcher, 1, 0, "e/c");
    submit(dispatcher, 1, 1, "e/c");
    await().until(() -> control.paused.contains(p0) && dispatcher.running() == 2);

    dispatcher.onPartitionsRevoked(List.of(p0));

    assertThat(dispatcher.buffered()).as("only p1@1 is left waiting").isEqualTo(1);
    await()
        .untilAsserted(
            () ->
                assertThat(control.calls)
                    .as("or a re-assignment would stay paused")
                    .contains("resume " + p0));
    // the partition comes back and 0 is redelivered while the old run of its key still runs
    submit(dispatcher, 0, 0, "e/a");
    assertThat(dispatcher.buffered()).as("p1@1, and p0@0 again behind its old run").isEqualTo(2);
    assertThat(work.timesStarted("p0@0")).isEqualTo(1);
    runningWhenRevoked.countDown();
    otherPartition.countDown();

    await().until(() -> work.timesStarted("p0@0") == 2 && acks.of(TOPIC, 0).contains(0L));
    await().until(() -> acks.of(TOPIC, 1).contains(1L));
    assertThat(acks.of(TOPIC, 0)).as("only the redelivered run acknowledges").containsExactly(0L);
    assertThat(work.started).doesNotContain("p0@1");
  }

  @Test
  void shutdownStopsRunningWorkAfterTheDeadlineAndAcknowledgesOnlyFinishedRecords()
      throws Exception {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    work.hold("p0@1"); // runs until asked to stop, then hands its job back
    CountDownLatch finishesWhileDraining = work.hold("p1@0");
    submit(dispatcher, 0, 0, "e/x");
    submit(dispatcher, 0, 1, "e/y");
    submit(dispatcher, 0, 2, "e/z");
    submit(dispatcher, 0, 3, "e/y");
    submit(dispatcher, 1, 0, "e/w");
    await().until(() -> work.finished.containsAll(List.of("p0@0", "p0@2")));
    await().until(() -> acks.of(TOPIC, 0).equals(List.of(0L)));

    dispatcher.stopAccepting();
    submit(dispatcher, 1, 1, "e/v");
    CompletableFuture<Boolean> drained =
        // the deadline leaves the released record time to finish even on a loaded machine
        CompletableFuture.supplyAsync(() -> awaitRunning(dispatcher, Duration.ofSeconds(2)));
    finishesWhileDraining.countDown();

    assertThat(drained.get()).as("everything returned").isTrue();
    assertThat(work.stopped).containsExactly("p0@1");
    assertThat(acks.of(TOPIC, 0)).as("1 is unfinished").containsExactly(0L);
    assertThat(acks.of(TOPIC, 1)).as("finished while draining").containsExactly(0L);
    assertThat(work.started).doesNotContain("p0@3", "p1@1");
  }

  @Test
  void shutdownReportsWorkThatIgnoresItsStopSignal() throws Exception {
    CountDownLatch stubborn = new CountDownLatch(1);
    KeyOrderedDispatcher ignoring =
        dispatcher(
            ROOMY.withStopGrace(Duration.ofMillis(100)),
            (record, stop) -> {
              stubborn.await();
              return Outcome.done();
            });
    submit(ignoring, 0, 0, "e/x");
    await().until(() -> ignoring.running() == 1);

    assertThat(ignoring.awaitRunning(Duration.ofMillis(100))).isFalse();

    stubborn.countDown();
    await().until(() -> acks.of(TOPIC, 0).contains(0L));
  }

  @Test
  void aThrowingWorkIsRetriedWithBackoffAndItsKeyWaits() {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    work.script(
        "p0@0",
        new IllegalStateException("store down"),
        new IllegalStateException("store down"),
        new IllegalStateException("store down"),
        Outcome.done());
    submit(dispatcher, 0, 0, "e/a");
    submit(dispatcher, 0, 1, "e/a");

    await().until(() -> acks.of(TOPIC, 0).contains(1L));
    assertThat(work.started).containsExactly("p0@0", "p0@0", "p0@0", "p0@0", "p0@1");
  }

  @Test
  void aDeadLetterIsPublishedAndOnlyThenCountsAsFinished() {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    work.script("p0@0", Outcome.deadLetter(new IllegalArgumentException("not JSON")));
    submit(dispatcher, 0, 0, "e/a");
    submit(dispatcher, 0, 1, "e/a");

    await().until(() -> deadLetterProducer.history().size() == 1);
    ProducerRecord<String, String> deadLetter = deadLetterProducer.history().get(0);
    assertThat(deadLetter.topic()).isEqualTo(TOPIC + "-dlt");
    assertThat(deadLetter.value()).isEqualTo("p0@0");
    assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo("not JSON");
    assertThat(acks.of(TOPIC, 0)).as("the broker has not acknowledged the dead letter").isEmpty();
    assertThat(work.started).doesNotContain("p0@1");

    deadLetterProducer.completeNext();

    await().until(() -> acks.of(TOPIC, 0).contains(1L));
  }

  @Test
  void aDeadLetterThatCannotBePublishedIsRetried() {
    KeyOrderedDispatcher dispatcher = dispatcher(ROOMY);
    work.script(
        "p0@0",
        Outcome.deadLetter(new IllegalArgumentException("not JSON")),
        Outcome.deadLetter(new IllegalArgumentException("not JSON")));
    submit(dispatcher, 0, 0, "e/a");
    await().until(() -> deadLetterProducer.history().size() == 1);

    deadLetterProducer.errorNext(new IllegalStateException("broker unreachable"));

    await().until(() -> deadLetterProducer.history().size() == 2);
    assertThat(acks.of(TOPIC, 0)).isEmpty();
    deadLetterProducer.completeNext();
    await().until(() -> acks.of(TOPIC, 0).contains(0L));
    assertThat(work.timesStarted("p0@0")).isEqualTo(2);
  }

  private KeyOrderedDispatcher dispatcher(DispatchSettings settings) {
    return dispatcher(settings, work);
  }

  private KeyOrderedDispatcher dispatcher(DispatchSettings settings, RecordWork recordWork) {
    DeadLetterPublishingRecoverer deadLetters =
        new DeadLetterPublishingRecoverer(
            new KafkaTemplate<>(new MockProducerFactory<>(() -> deadLetterProducer)));
    KeyOrderedDispatcher dispatcher =
        new KeyOrderedDispatcher(settings, recordWork, control, deadLetters);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  private void submit(KeyOrderedDispatcher dispatcher, int partition, long offset, String key) {
    ConsumerRecord<String, String> record =
        new ConsumerRecord<>(TOPIC, partition, offset, key, name(partition, offset));
    dispatcher.submit(record, acks.of(record));
  }

  private static String name(int partition, long offset) {
    return "p" + partition + "@" + offset;
  }

  private static List<String> names(int from, int to) {
    List<String> names = new ArrayList<>();
    for (int offset = from; offset < to; offset++) {
      names.add(name(0, offset));
    }
    return names;
  }

  private static boolean awaitRunning(KeyOrderedDispatcher dispatcher, Duration deadline) {
    try {
      return dispatcher.awaitRunning(deadline);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(ProducerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
