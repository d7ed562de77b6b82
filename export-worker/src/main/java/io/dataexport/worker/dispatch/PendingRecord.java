package io.dataexport.worker.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the dispatcher holds, from hand-over until it finishes or its partition is revoked. */
final class PendingRecord implements StopSignal {

  private final ConsumerRecord<String, String> record;
  private final PartitionOffsets.Slot slot;
  private final String key;
  private final String tenant;
  private int failures;
  private volatile boolean stopRequested;

  PendingRecord(ConsumerRecord<String, String> record, PartitionOffsets.Slot slot) {
    this.record = record;
    this.slot = slot;
    // records without a key still need an order among themselves: they share the empty key
    this.key = record.key() == null ? "" : record.key();
    this.tenant = tenantOf(key);
  }

  /** The tenant is the key's part before the first '/' ({@code <enterprise_uid>/<user_id>}). */
  static String tenantOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  ConsumerRecord<String, String> record() {
    return record;
  }

  PartitionOffsets.Slot slot() {
    return slot;
  }

  String key() {
    return key;
  }

  String tenant() {
    return tenant;
  }

  /** Whether the record's partition has left this consumer, so its outcome no longer matters. */
  boolean isRevoked() {
    return slot.owner().isForgotten();
  }

  /** Counts one more failure of the work and returns how many there were. */
  int recordFailure() {
    return ++failures;
  }

  void requestStop() {
    stopRequested = true;
  }

  @Override
  public boolean isStopRequested() {
    return stopRequested;
  }

  @Override
  public String toString() {
    return record.topic() + "-" + record.partition() + "@" + record.offset() + " key " + key;
  }
}
