package io.dataexport.audit.verify;

import io.dataexport.audit.seal.AuditRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of a topic, all partitions, from the beginning to the end they had when reading
 * started, with their exact bytes. Assigned, not subscribed: no consumer group, nothing committed.
 */
public final class TopicTrail {

  private static final Duration POLL = Duration.ofMillis(500);

  private TopicTrail() {}

  /** Records by partition, each list in offset order. */
  public static Map<Integer, List<AuditRecord>> read(String bootstrapServers, String topic) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.CLIENT_ID_CONFIG,
            "dataexport-verify-audit");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<Integer, List<AuditRecord>> records = new TreeMap<>();
      partitions.forEach(p -> records.put(p.partition(), new ArrayList<>()));
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          TopicPartition partition = new TopicPartition(topic, record.partition());
          if (record.offset() < ends.get(partition)) {
            records
                .get(record.partition())
                .add(
                    new AuditRecord(
                        record.partition(), record.offset(), record.key(), record.value()));
          }
        }
      }
      return records;
    }
  }
}
