package io.dataexport.outbox;

import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes what job state changes left in their outbox, then clears it. Two ways in, one thread:
 * entries this process just wrote are published at once ({@link #written}); every {@code
 * poll-interval} the relay also claims entries that nobody published within {@code claim-after}
 * (their writer died, or Kafka was down) and publishes those. Delivery is at least once; each
 * message keeps its id, so a repeat is recognisable, and the worker's claim makes a repeated
 * ExportRequested harmless. A failure to publish only leaves the entry for the next round: it never
 * touches the job's state.
 */
public class OutboxRelay implements OutboxListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 500;

  private final Outbox outbox;
  private final KafkaTemplate<String, String> kafka;
  private final KafkaTopicsProperties topics;
  private final OutboxProperties settings;
  private final Clock clock;
  private final OutboxTracing tracing;
  private final Counter failures;
  private final BlockingQueue<OutboxEntry> fresh = new LinkedBlockingQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "outbox-relay");
            t.setDaemon(true);
            return t;
          });

  /** A relay that publishes outside any trace. */
  public OutboxRelay(
      Outbox outbox,
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      OutboxProperties settings,
      Clock clock,
      MeterRegistry meters) {
    this(outbox, kafka, topics, settings, clock, meters, OutboxTracing.NONE);
  }

  /**
   * @param tracing publishes each message in the trace it was written in
   */
  public OutboxRelay(
      Outbox outbox,
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      OutboxProperties settings,
      Clock clock,
      MeterRegistry meters,
      OutboxTracing tracing) {
    this.outbox = outbox;
    this.kafka = kafka;
    this.topics = topics;
    this.settings = settings;
    this.clock = clock;
    this.tracing = tracing;
    this.failures =
        Counter.builder("dataexport.outbox.publish.failures")
            .description("Outbox messages a publish attempt failed on (they stay and go again)")
            .register(meters);
    Gauge.builder("dataexport.outbox.queued", fresh, BlockingQueue::size)
        .description("Entries this process wrote and has not yet tried to publish")
        .register(meters);
    // read from MongoDB on each scrape: the age an operator alerts on when publishing stalls
    Gauge.builder("dataexport.outbox.oldest.age", this, OutboxRelay::oldestUnpublishedSeconds)
        .baseUnit("seconds")
        .description("Age of the oldest event still unpublished in any job's outbox; 0 if none")
        .register(meters);
  }

  private double oldestUnpublishedSeconds() {
    try {
      return outbox
          .oldestUnpublished()
          .map(at -> Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0))
          .orElse(0.0);
    } catch (RuntimeException e) {
      return Double.NaN; // MongoDB out of reach: unknown, not zero
    }
  }

  /** Starts looking for entries nobody published, every {@code poll-interval}. */
  public void start() {
    long millis = settings.pollInterval().toMillis();
    thread.scheduleWithFixedDelay(this::relayDue, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void written(OutboxEntry entry) {
    fresh.add(entry);
    if (drainScheduled.compareAndSet(false, true)) {
      execute(this::drainFresh);
    }
  }

  /** Publishes the entries nobody published in time. */
  void relayDue() {
    Instant now = clock.instant();
    List<OutboxEntry> due;
    try {
      due = outbox.claimDue(now.minus(settings.claimAfter()), now, BATCH);
    } catch (RuntimeException e) {
      log.warn("outbox not read: {}", e.getMessage());
      return;
    }
    if (!due.isEmpty()) {
      log.info("relaying {} job outbox entries left unpublished", due.size());
      publish(due);
    }
  }

  private void drainFresh() {
    drainScheduled.set(false);
    List<OutboxEntry> batch = new ArrayList<>();
    while (fresh.drainTo(batch, BATCH) > 0) {
      publish(batch);
      batch.clear();
    }
  }

  /**
   * Sends the entries' messages in rounds — every entry's first message, then every second one —
   * waiting for the broker between rounds, so one job's events reach the topics in the order they
   * were written (its audit event before the request a worker acts on).
   */
  private void publish(List<OutboxEntry> entries) {
    List<Delivery> deliveries = entries.stream().map(Delivery::new).toList();
    int rounds = entries.stream().mapToInt(e -> e.messages().size()).max().orElse(0);
    // A send that throws at once (no metadata, buffer full) has blocked for max.block.ms: the
    // broker is out of reach, and every further send would block as long. Leave the rest for the
    // next pass instead of stalling the relay for minutes.
    boolean brokerOutOfReach = false;
    for (int round = 0; round < rounds && !brokerOutOfReach; round++) {
      List<Delivery> sending = new ArrayList<>();
      List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>();
      for (Delivery p : deliveries) {
        if (!p.failed && !brokerOutOfReach && round < p.entry.messages().size()) {
          try {
            acks.add(send(p.entry.messages().get(round)));
            sending.add(p);
          } catch (RuntimeException e) {
            p.fail(e);
            brokerOutOfReach = true;
          }
        }
      }
      for (int i = 0; i < acks.size(); i++) {
        Delivery p = sending.get(i);
        try {
          acks.get(i).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
          p.sent.add(p.entry.messages().get(round).id());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.fail(e);
        } catch (Exception e) {
          p.fail(e);
        }
      }
    }
    deliveries.forEach(this::clear);
  }

  private CompletableFuture<SendResult<String, String>> send(OutboxMessage message) {
    String topic =
        switch (message.topic()) {
          case AUDIT -> topics.auditTopic();
          case EXPORT_REQUESTED -> topics.exportRequestedTopic();
        };
    return tracing.send(
        new ProducerRecord<>(topic, message.key(), message.payload()),
        message.traceparent(),
        kafka::send);
  }

  private void clear(Delivery p) {
    if (p.sent.isEmpty()) {
      return;
    }
    try {
      outbox.remove(p.entry.jobUid(), List.copyOf(p.sent));
    } catch (RuntimeException e) {
      // Published but still listed: the next claim publishes it again, under the same id.
      log.warn("outbox of export {} not cleared: {}", p.entry.jobUid(), e.getMessage());
    }
  }

  private void execute(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      // Shutting down: what is not published stays in the job documents for the next relay.
      log.info("relay stopped; outbox left for the next start");
    }
  }

  /** Publishes what this process wrote last, within the shutdown deadline. */
  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(settings.sendTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    thread.shutdownNow();
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e.getMessage() + " (" + root + ")";
  }

  /** One entry's way through a publish: which of its messages the broker has. */
  private final class Delivery {
    final OutboxEntry entry;
    final Set<String> sent = new HashSet<>();
    boolean failed;

    Delivery(OutboxEntry entry) {
      this.entry = entry;
    }

    void fail(Exception e) {
      failures.increment();
      if (!failed) {
        log.warn("outbox of export {} not published yet: {}", entry.jobUid(), rootCause(e));
      }
      failed = true;
    }
  }
}
