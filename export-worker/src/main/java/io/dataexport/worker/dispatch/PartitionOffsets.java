package io.dataexport.worker.dispatch;

import java.util.ArrayDeque;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The records of one partition handed to the dispatcher and not yet acknowledged, in offset order.
 *
 * <p>Records finish out of order (different keys run side by side), but a committed offset means
 * "everything below is done". So only the highest record below which every record is finished is
 * acknowledged: spring-kafka commits that record's offset + 1, and a crash or rebalance redelivers
 * from the lowest unfinished record on. Offsets need not be contiguous (compaction, transaction
 * markers), hence a queue of slots rather than arithmetic on offsets.
 *
 * <p>Not thread-safe: guarded by the dispatcher's lock.
 */
final class PartitionOffsets {

  private final TopicPartition partition;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private long lastTracked = -1;
  private int unfinished;
  private boolean paused;
  private boolean forgotten;

  PartitionOffsets(TopicPartition partition) {
    this.partition = partition;
  }

  TopicPartition partition() {
    return partition;
  }

  /**
   * Whether {@code offset} does not follow the records already held (the partition was rewound).
   */
  boolean isBehind(long offset) {
    return offset <= lastTracked;
  }

  Slot track(long offset, Acknowledgment ack) {
    if (forgotten || isBehind(offset)) {
      throw new IllegalStateException(
          partition + " cannot track offset " + offset + " after " + lastTracked);
    }
    Slot slot = new Slot(this, offset, ack);
    slots.addLast(slot);
    lastTracked = offset;
    unfinished++;
    return slot;
  }

  /**
   * Marks {@code slot} finished and returns the acknowledgment to deliver now: that of the highest
   * record of the finished prefix, or null when the lowest unfinished record is still below. The
   * prefix only grows, so acknowledgments come out in increasing offset order.
   */
  Acknowledgment finish(Slot slot) {
    if (slot.owner != this || slot.finished || forgotten) {
      return null;
    }
    slot.finished = true;
    unfinished--;
    Acknowledgment highest = null;
    while (!slots.isEmpty() && slots.peekFirst().finished) {
      highest = slots.pollFirst().ack;
    }
    return highest;
  }

  int unfinished() {
    return unfinished;
  }

  boolean isPaused() {
    return paused;
  }

  void setPaused(boolean paused) {
    this.paused = paused;
  }

  /**
   * The partition left this consumer (or was rewound): nothing of it is acknowledged any more, so a
   * record still running for it cannot commit past what the next owner is about to process.
   */
  void forget() {
    forgotten = true;
    slots.clear();
    unfinished = 0;
  }

  boolean isForgotten() {
    return forgotten;
  }

  /** One record's place in its partition. */
  static final class Slot {
    private final PartitionOffsets owner;
    private final long offset;
    private final Acknowledgment ack;
    private boolean finished;

    private Slot(PartitionOffsets owner, long offset, Acknowledgment ack) {
      this.owner = owner;
      this.offset = offset;
      this.ack = ack;
    }

    PartitionOffsets owner() {
      return owner;
    }

    long offset() {
      return offset;
    }
  }
}
