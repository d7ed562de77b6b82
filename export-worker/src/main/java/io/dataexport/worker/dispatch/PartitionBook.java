package io.dataexport.worker.dispatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The partitions the dispatcher holds records of: their offsets, their acknowledgments and their
 * back-pressure (pause at the buffer limit, resume below half of it).
 *
 * <p>Not thread-safe: guarded by the dispatcher's lock. Pause and resume are handed to {@code
 * containerCalls}, a single thread, instead of being called here: the container takes its own
 * lifecycle lock in them while its consumer thread may be waiting for the dispatcher's lock in a
 * revocation, and one thread keeps pause and resume of a partition in the order they were decided.
 */
final class PartitionBook {

  private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
  private final int maxBuffered;
  private final PartitionControl control;
  private final Executor containerCalls;

  PartitionBook(int maxBuffered, PartitionControl control, Executor containerCalls) {
    this.maxBuffered = maxBuffered;
    this.control = control;
    this.containerCalls = containerCalls;
  }

  /** Whether the record lies at or below one already held: its partition was rewound (a seek). */
  boolean isRewound(ConsumerRecord<?, ?> record) {
    PartitionOffsets offsets = partitions.get(partitionOf(record));
    return offsets != null && offsets.isBehind(record.offset());
  }

  PartitionOffsets.Slot track(ConsumerRecord<?, ?> record, Acknowledgment ack) {
    PartitionOffsets offsets =
        partitions.computeIfAbsent(partitionOf(record), PartitionOffsets::new);
    PartitionOffsets.Slot slot = offsets.track(record.offset(), ack);
    if (!offsets.isPaused() && offsets.unfinished() >= maxBuffered) {
      offsets.setPaused(true);
      TopicPartition partition = offsets.partition();
      containerCalls.execute(() -> control.pause(partition));
    }
    return slot;
  }

  /**
   * Marks the record finished and acknowledges the finished prefix of its partition. The call is
   * made under the dispatcher's lock so acknowledgments reach spring-kafka in offset order and
   * never after a revocation; it only queues the record for the consumer thread, which commits.
   */
  void finish(PartitionOffsets.Slot slot) {
    PartitionOffsets offsets = slot.owner();
    Acknowledgment ack = offsets.finish(slot);
    if (ack != null) {
      ack.acknowledge();
    }
    if (offsets.isPaused() && !offsets.isForgotten() && offsets.unfinished() * 2 < maxBuffered) {
      offsets.setPaused(false);
      TopicPartition partition = offsets.partition();
      containerCalls.execute(() -> control.resume(partition));
    }
  }

  /**
   * Forgets these partitions: none of their records is acknowledged from now on. A pause we asked
   * for is lifted, or the container would re-apply it when the partition is assigned again and
   * nothing would ever resume it.
   */
  void forget(Collection<TopicPartition> gone) {
    for (TopicPartition partition : gone) {
      PartitionOffsets offsets = partitions.remove(partition);
      if (offsets == null) {
        continue;
      }
      offsets.forget();
      if (offsets.isPaused()) {
        offsets.setPaused(false);
        containerCalls.execute(() -> control.resume(partition));
      }
    }
  }

  static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
    return new TopicPartition(record.topic(), record.partition());
  }
}
