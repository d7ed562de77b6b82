package io.dataexport.worker.dispatch;

import org.apache.kafka.common.TopicPartition;

/**
 * Stops and restarts fetching from one partition: the dispatcher's back-pressure. Both calls are
 * requests the consumer thread applies before its next poll, so they must not block.
 */
public interface PartitionControl {

  void pause(TopicPartition partition);

  void resume(TopicPartition partition);
}
