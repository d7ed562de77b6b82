package io.dataexport.worker.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;

/** A partition control that remembers the calls and which partitions are paused now. */
final class RecordingPartitionControl implements PartitionControl {

  final List<String> calls = new CopyOnWriteArrayList<>();
  final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();

  @Override
  public void pause(TopicPartition partition) {
    calls.add("pause " + partition);
    paused.add(partition);
  }

  @Override
  public void resume(TopicPartition partition) {
    calls.add("resume " + partition);
    paused.remove(partition);
  }
}
