package io.dataexport.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class PartitionOffsetsTest {

  private final PartitionOffsets offsets = new PartitionOffsets(new TopicPartition("requests", 0));
  private final List<Long> acknowledged = new ArrayList<>();

  @Test
  void acknowledgesOnlyTheHighestRecordOfTheFinishedPrefixInIncreasingOrder() {
    // offsets with gaps, as after compaction
    PartitionOffsets.Slot ten = track(10);
    PartitionOffsets.Slot twelve = track(12);
    PartitionOffsets.Slot fifteen = track(15);
    PartitionOffsets.Slot sixteen = track(16);

    finish(fifteen);
    assertThat(acknowledged).as("10 and 12 are unfinished").isEmpty();
    finish(ten);
    assertThat(acknowledged).containsExactly(10L);
    finish(twelve);
    assertThat(acknowledged).as("12 and the 15 finished before it").containsExactly(10L, 15L);
    finish(sixteen);
    assertThat(acknowledged).containsExactly(10L, 15L, 16L);
    assertThat(offsets.unfinished()).isZero();
  }

  @Test
  void countsUnfinishedRecordsAndIgnoresASecondFinish() {
    PartitionOffsets.Slot first = track(0);
    track(1);
    assertThat(offsets.unfinished()).isEqualTo(2);

    finish(first);
    finish(first);

    assertThat(acknowledged).containsExactly(0L);
    assertThat(offsets.unfinished()).isEqualTo(1);
  }

  @Test
  void aForgottenPartitionAcknowledgesNothing() {
    PartitionOffsets.Slot slot = track(3);

    offsets.forget();
    finish(slot);

    assertThat(acknowledged).isEmpty();
    assertThat(offsets.isForgotten()).isTrue();
  }

  @Test
  void aRecordAtOrBelowOneHeldIsARewindAndCannotBeTracked() {
    track(5);

    assertThat(offsets.isBehind(5)).isTrue();
    assertThat(offsets.isBehind(4)).isTrue();
    assertThat(offsets.isBehind(6)).isFalse();
    assertThatThrownBy(() -> track(5)).isInstanceOf(IllegalStateException.class);
  }

  private PartitionOffsets.Slot track(long offset) {
    return offsets.track(offset, () -> acknowledged.add(offset));
  }

  private void finish(PartitionOffsets.Slot slot) {
    Acknowledgment ack = offsets.finish(slot);
    if (ack != null) {
      ack.acknowledge();
    }
  }
}
