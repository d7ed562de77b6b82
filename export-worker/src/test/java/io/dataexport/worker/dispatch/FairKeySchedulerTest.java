package io.dataexport.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The scheduler alone: which record may start, without threads. */
class FairKeySchedulerTest {

  private final PartitionOffsets partition = new PartitionOffsets(new TopicPartition("t", 0));
  private long nextOffset;

  @Test
  void recordsOfOneKeyStartOneAtATimeInArrivalOrder() {
    FairKeyScheduler scheduler = new FairKeyScheduler(10, 10);
    PendingRecord first = add(scheduler, "e1/u1");
    PendingRecord second = add(scheduler, "e1/u1");

    assertThat(scheduler.next()).isSameAs(first);
    assertThat(scheduler.next()).as("the key is busy").isNull();
    scheduler.remove(first);
    assertThat(scheduler.next()).isSameAs(second);
  }

  @Test
  void recordsOfDifferentKeysStartSideBySideUpToTheGlobalLimit() {
    FairKeyScheduler scheduler = new FairKeyScheduler(2, 10);
    PendingRecord a = add(scheduler, "e1/a");
    PendingRecord b = add(scheduler, "e2/b");
    add(scheduler, "e3/c");

    assertThat(List.of(scheduler.next(), scheduler.next())).containsExactlyInAnyOrder(a, b);
    assertThat(scheduler.next()).as("global limit").isNull();
    assertThat(scheduler.running()).isEqualTo(2);
    assertThat(scheduler.waiting()).isEqualTo(1);
  }

  @Test
  void aHeldRecordKeepsItsKeyWaitingButNotOtherKeys() {
    FairKeyScheduler scheduler = new FairKeyScheduler(10, 10);
    PendingRecord a1 = add(scheduler, "e1/a");
    add(scheduler, "e1/a");
    PendingRecord b = add(scheduler, "e1/b");
    assertThat(scheduler.next()).isSameAs(a1);

    scheduler.hold(a1);

    assertThat(scheduler.next()).isSameAs(b);
    assertThat(scheduler.next()).as("a's second record stays behind the held one").isNull();
    scheduler.wake(a1);
    assertThat(scheduler.next()).as("the held record runs again first").isSameAs(a1);
  }

  @Test
  void aTenantRunsAtMostItsLimitWhileOthersUseTheRest() {
    FairKeyScheduler scheduler = new FairKeyScheduler(4, 2);
    for (int i = 0; i < 5; i++) {
      add(scheduler, "big/u" + i);
    }
    PendingRecord small = add(scheduler, "small/u0");

    List<PendingRecord> startedRecords = drain(scheduler);

    assertThat(startedRecords).hasSize(3).contains(small);
    assertThat(startedRecords.stream().filter(r -> r.tenant().equals("big"))).hasSize(2);
  }

  @Test
  void aFreedSlotGoesToTheTenantWithTheFewestRunningNotToTheBacklog() {
    FairKeyScheduler scheduler = new FairKeyScheduler(2, 2);
    for (int i = 0; i < 100; i++) {
      add(scheduler, "a/u" + (i % 20));
    }
    List<PendingRecord> running = drain(scheduler);
    assertThat(running).extracting(PendingRecord::tenant).containsExactly("a", "a");
    PendingRecord single = add(scheduler, "b/u0");

    scheduler.remove(running.get(0));

    assertThat(scheduler.next()).isSameAs(single);
  }

  @Test
  void tenantsWithEqualRunningTakeTurns() {
    FairKeyScheduler scheduler = new FairKeyScheduler(1, 1);
    for (int i = 0; i < 3; i++) {
      add(scheduler, "a/u" + i);
      add(scheduler, "b/u" + i);
      add(scheduler, "c/u" + i);
    }
    List<String> order = new ArrayList<>();
    for (PendingRecord next; (next = scheduler.next()) != null; ) {
      order.add(next.tenant());
      scheduler.remove(next);
    }

    assertThat(order).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c");
  }

  @Test
  void droppingKeepsTheRunningRecordAndFreesKeysWaitingForDroppedOnes() {
    FairKeyScheduler scheduler = new FairKeyScheduler(10, 10);
    PendingRecord running = add(scheduler, "e/a");
    PendingRecord behind = add(scheduler, "e/a");
    PendingRecord held = add(scheduler, "e/b");
    assertThat(drain(scheduler)).containsExactlyInAnyOrder(running, held);
    scheduler.hold(held);

    int dropped = scheduler.dropWaiting(r -> r == behind || r == held);

    assertThat(dropped).isEqualTo(2);
    assertThat(scheduler.running()).isEqualTo(1);
    assertThat(scheduler.waiting()).isZero();
    PendingRecord again = add(scheduler, "e/b");
    assertThat(scheduler.next()).as("nothing holds e/b any more").isSameAs(again);
    scheduler.remove(running);
    assertThat(scheduler.next()).isNull();
  }

  private PendingRecord add(FairKeyScheduler scheduler, String key) {
    long offset = nextOffset++;
    ConsumerRecord<String, String> record = new ConsumerRecord<>("t", 0, offset, key, "v" + offset);
    PendingRecord pending = new PendingRecord(record, partition.track(offset, () -> {}));
    scheduler.add(pending);
    return pending;
  }

  private static List<PendingRecord> drain(FairKeyScheduler scheduler) {
    List<PendingRecord> started = new ArrayList<>();
    for (PendingRecord next; (next = scheduler.next()) != null; ) {
      started.add(next);
    }
    return started;
  }
}
