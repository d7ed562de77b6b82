package io.dataexport.audit.seal;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads stretches of one assigned partition through the sealer's consumer, whose partitions all
 * stay paused except the one being read, so a poll returns only that partition's records.
 */
final class PartitionReader {

  private static final Duration POLL = Duration.ofMillis(500);

  /** The first backwards step when looking for the last digest; each further step is 4x larger. */
  private static final long FIRST_WINDOW = 256;

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;

  PartitionReader(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  long beginning(TopicPartition partition) {
    return consumer.beginningOffsets(Set.of(partition)).get(partition);
  }

  long end(TopicPartition partition) {
    return consumer.endOffsets(Set.of(partition)).get(partition);
  }

  /**
   * Hands every record with offset in [from, to) to {@code sink}, in offset order. False when the
   * partition was revoked on the way: the caller stops, the new owner carries on.
   */
  boolean read(TopicPartition partition, long from, long to, Consumer<AuditRecord> sink) {
    if (from >= to) {
      return true;
    }
    consumer.seek(partition, from);
    consumer.resume(Set.of(partition));
    try {
      while (consumer.assignment().contains(partition) && consumer.position(partition) < to) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
          if (record.offset() < to) {
            sink.accept(
                new AuditRecord(record.partition(), record.offset(), record.key(), record.value()));
          }
        }
      }
      return consumer.assignment().contains(partition);
    } finally {
      if (consumer.assignment().contains(partition)) {
        consumer.pause(Set.of(partition));
      }
    }
  }

  /**
   * The newest digest before {@code end}, looking backwards in growing windows: digests come every
   * interval, so it is usually in the first window, and the sealer needs no state of its own.
   */
  Optional<LastDigest> lastDigest(TopicPartition partition, long end) {
    long beginning = beginning(partition);
    long window = FIRST_WINDOW;
    for (long to = end; to > beginning; window *= 4) {
      long from = Math.max(beginning, to - window);
      AuditRecord[] newest = new AuditRecord[1];
      if (!read(partition, from, to, record -> newestDigest(record, newest))) {
        return Optional.empty();
      }
      if (newest[0] != null) {
        return Optional.of(LastDigest.of(newest[0]));
      }
      to = from;
    }
    return Optional.empty();
  }

  private static void newestDigest(AuditRecord record, AuditRecord[] newest) {
    if (record.digest().isPresent()) {
      newest[0] = record;
    }
  }
}
