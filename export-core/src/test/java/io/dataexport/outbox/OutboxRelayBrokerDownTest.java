package io.dataexport.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

/** What the relay does when the broker is out of reach, at unit level (the broker is a mock). */
class OutboxRelayBrokerDownTest {

  @Test
  @SuppressWarnings("unchecked")
  void aSendThatFailsAtOnceEndsThePassAndLeavesEveryEntryInTheOutbox() {
    Outbox outbox = mock(Outbox.class);
    List<OutboxEntry> due = List.of(entry("exp_1"), entry("exp_2"), entry("exp_3"));
    when(outbox.claimDue(any(), any(), any(Integer.class))).thenReturn(due);
    KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    // what KafkaTemplate throws when metadata cannot be had within max.block.ms
    when(kafka.send(any(ProducerRecord.class)))
        .thenThrow(new KafkaException("Send failed: topic not present in metadata after 5000 ms"));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OutboxRelay relay =
        new OutboxRelay(
            outbox,
            kafka,
            new KafkaTopicsProperties("requests", "audit", 6, (short) 1),
            new OutboxProperties(
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1)),
            Clock.systemUTC(),
            meters);

    relay.relayDue();

    verify(kafka, times(1)).send(any(ProducerRecord.class));
    verify(outbox, never()).remove(anyString(), anyList());
    assertThat(meters.get("dataexport.outbox.publish.failures").counter().count()).isEqualTo(1);
  }

  private static OutboxEntry entry(String uid) {
    return new OutboxEntry(
        uid,
        List.of(
            new OutboxMessage(uid + "-a", OutboxTopic.AUDIT, "ent", "{}"),
            new OutboxMessage(uid + "-r", OutboxTopic.EXPORT_REQUESTED, "ent/u", "{}")));
  }
}
