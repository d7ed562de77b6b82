package io.dataexport.worker.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Acknowledgments that remember, per partition, which offsets were acknowledged and in what order.
 */
final class RecordingAcks {

  private final Map<TopicPartition, List<Long>> acknowledged = new ConcurrentHashMap<>();

  Acknowledgment of(ConsumerRecord<?, ?> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    return () ->
        acknowledged
            .computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>())
            .add(record.offset());
  }

  List<Long> of(String topic, int partition) {
    return List.copyOf(acknowledged.getOrDefault(new TopicPartition(topic, partition), List.of()));
  }
}
