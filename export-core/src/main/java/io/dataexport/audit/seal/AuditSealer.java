package io.dataexport.audit.seal;

import io.dataexport.digest.Sha256;
import io.dataexport.event.AuditDigest;
import io.dataexport.event.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Every interval, writes into each audit partition this member of the sealers' group holds one
 * signed digest of the events since that partition's last digest, chained to it. It keeps no state
 * of its own: where the chain ends is read from the partition (and remembered only while the
 * partition stays assigned), so restarts and rebalances continue the chain.
 *
 * <p>The audit producers are idempotent but not transactional, so the consumer reads uncommitted
 * (the default): there are no aborted records to skip. If they become transactional, set {@code
 * isolation.level=read_committed} here, or aborted events would be sealed.
 */
public final class AuditSealer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

  /** Above the producer's delivery timeout, so a send given up on here has failed there too. */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  /** How long a member with nothing to do waits in poll: how fast it notices a rebalance. */
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final PartitionReader reader;
  private final KafkaTemplate<String, String> kafka;
  private final String topic;
  private final String source;
  private final DigestSigner signer;
  private final Duration interval;
  private final Clock clock;
  private final SealMetrics metrics;

  /** Where each assigned partition's chain ends; empty when it has no digest yet. */
  private final Map<TopicPartition, Optional<LastDigest>> chainEnds = new ConcurrentHashMap<>();

  private volatile boolean running;
  private Thread thread;

  public AuditSealer(
      Consumer<byte[], byte[]> consumer,
      KafkaTemplate<String, String> kafka,
      String topic,
      String source,
      DigestSigner signer,
      Duration interval,
      Clock clock,
      SealMetrics metrics) {
    this.consumer = consumer;
    this.reader = new PartitionReader(consumer);
    this.kafka = kafka;
    this.topic = topic;
    this.source = source;
    this.signer = signer;
    this.interval = interval;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "audit-sealer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    try (consumer) {
      consumer.subscribe(List.of(topic), new Assignments());
      Instant nextPass = clock.instant();
      while (running) {
        try {
          consumer.poll(IDLE_POLL); // every partition paused: keeps membership, runs rebalances
          if (!clock.instant().isBefore(nextPass)) {
            consumer.assignment().forEach(this::sealGuarded);
            nextPass = clock.instant().plus(interval);
          }
        } catch (WakeupException e) {
          // stop() asked; the loop condition ends it
        } catch (RuntimeException e) {
          metrics.failed();
          log.error("audit sealer pass failed; retrying after {}", interval, e);
          LockSupport.parkNanos(interval.toNanos());
        }
      }
    }
  }

  /** One partition's failure (a send Kafka refused) must not keep the others from being sealed. */
  private void sealGuarded(TopicPartition partition) {
    try {
      seal(partition);
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      // a send may have succeeded after all: find the chain's end again rather than guess it
      chainEnds.remove(partition);
      metrics.failed();
      log.error("audit partition {} not sealed this time", partition.partition(), e);
    }
  }

  /** Seals the events of {@code partition} between its last digest and its end, if any. */
  void seal(TopicPartition partition) {
    long end = reader.end(partition);
    Optional<LastDigest> last = chainEnds.get(partition);
    if (last == null) {
      last = reader.lastDigest(partition, end);
    }
    while (true) {
      long from =
          last.map(d -> d.lastSealedOffset() + 1).orElseGet(() -> reader.beginning(partition));
      PendingRange range = new PendingRange();
      AuditRecord[] newer = new AuditRecord[1];
      long knownDigest = last.map(LastDigest::offset).orElse(-1L);
      boolean stillOurs =
          reader.read(
              partition,
              from,
              end,
              record -> {
                if (record.digest().isEmpty()) {
                  range.add(record);
                } else if (record.offset() > knownDigest) {
                  newer[0] = record;
                }
              });
      if (!stillOurs) {
        return;
      }
      if (newer[0] != null) {
        // another member wrote it while a rebalance moved the partition: continue its chain
        last = Optional.of(LastDigest.of(newer[0]));
        continue;
      }
      if (!range.isEmpty()) {
        last = Optional.of(write(partition, range, last));
      }
      chainEnds.put(partition, last);
      metrics.passed(partition.partition());
      return;
    }
  }

  private LastDigest write(
      TopicPartition partition, PendingRange range, Optional<LastDigest> last) {
    AuditDigest.Data data =
        range.seal(topic, partition.partition(), last.map(LastDigest::sha256).orElse(null), signer);
    String json = EventJson.write(AuditDigest.of(source, clock.instant(), data));
    RecordMetadata written = send(new ProducerRecord<>(topic, partition.partition(), null, json));
    metrics.sealed(data.count());
    return new LastDigest(written.offset(), data.lastOffset(), Sha256.hex(json));
  }

  private RecordMetadata send(ProducerRecord<String, String> record) {
    try {
      return kafka
          .send(record)
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .getRecordMetadata();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing an audit digest", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the audit topic did not take a digest", e);
    }
  }

  /** New partitions start paused and with their chain's end unknown; lost ones are forgotten. */
  private final class Assignments implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      consumer.pause(partitions);
      partitions.forEach(chainEnds::remove);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      partitions.forEach(chainEnds::remove);
      partitions.forEach(p -> metrics.released(p.partition()));
    }
  }
}
