package io.dataexport.worker.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Runs records off the consumer thread: records of one key one at a time in offset order, records
 * of different keys side by side (even within a partition), at most {@code maxConcurrent} at once
 * and {@code maxConcurrentPerTenant} of one tenant, tenants served fairly ({@link
 * FairKeyScheduler}). Each partition is acknowledged up to its finished prefix only ({@link
 * PartitionOffsets}) and paused while too many of its records are unfinished ({@link
 * PartitionBook}).
 *
 * <p>Made for a spring-kafka container in {@code AckMode.MANUAL}: the listener hands each record
 * and its {@link Acknowledgment} to {@link #submit} and returns at once, so the consumer thread
 * keeps polling however long an export runs. Register {@link DispatcherRebalanceListener} and
 * {@link DispatcherLifecycle} with it. All state is guarded by one lock, never held while work
 * runs.
 */
public final class KeyOrderedDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeyOrderedDispatcher.class);

  private final DispatchSettings settings;
  private final RecordWork work;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition runningChanged = lock.newCondition();
  private final FairKeyScheduler scheduler;
  private final PartitionBook partitions;
  private final DispatchThreads threads;
  private boolean accepting = true;
  private volatile int runningGauge;
  private volatile int bufferedGauge;

  /**
   * @param deadLetters publishes records the work gives up on; it must wait for the broker's
   *     acknowledgment (its default, {@code failIfSendResultIsError}) so that a dead-lettered
   *     record counts as finished only once the dead-letter topic has it
   */
  public KeyOrderedDispatcher(
      DispatchSettings settings,
      RecordWork work,
      PartitionControl partitionControl,
      DeadLetterPublishingRecoverer deadLetters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.work = new DeadLetteringWork(work, deadLetters);
    this.scheduler =
        new FairKeyScheduler(settings.maxConcurrent(), settings.maxConcurrentPerTenant());
    this.threads = new DispatchThreads(settings.maxConcurrent());
    this.partitions =
        new PartitionBook(
            settings.maxBufferedPerPartition(),
            Objects.requireNonNull(partitionControl, "partitionControl"),
            threads::callContainer);
  }

  /** Takes a record from the listener; never blocks on running work. */
  public void submit(ConsumerRecord<String, String> record, Acknowledgment ack) {
    lock.lock();
    try {
      TopicPartition partition = PartitionBook.partitionOf(record);
      if (!accepting) {
        // never acknowledged, so the next owner of the partition receives it again
        log.debug("Stopping: {}@{} left for redelivery", partition, record.offset());
        return;
      }
      if (partitions.isRewound(record)) {
        // a seek: what is held from this partition will be delivered again
        log.warn("{} rewound to {}: dropping what it held", partition, record.offset());
        forget(List.of(partition));
      }
      scheduler.add(new PendingRecord(record, partitions.track(record, ack)));
      startWhatFits();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The partitions left this consumer: their records not yet running are dropped (the new owner
   * receives them again) and nothing of them is acknowledged any more. Running work continues; its
   * key stays busy until it returns, so a redelivered record of the key never runs beside it.
   */
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    lock.lock();
    try {
      forget(revoked);
    } finally {
      lock.unlock();
    }
  }

  /** No record starts from now on; records handed over later are left for redelivery. */
  public void stopAccepting() {
    lock.lock();
    try {
      accepting = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting and gives running work until {@code deadline} to return; then asks it to stop
   * ({@link StopSignal}) and waits at most the settings' stop grace more. Records that finish on
   * the way are still acknowledged. Returns whether no work is running any more.
   */
  public boolean awaitRunning(Duration deadline) throws InterruptedException {
    lock.lock();
    try {
      accepting = false;
      if (awaitNoneRunning(deadline)) {
        return true;
      }
      List<PendingRecord> running = scheduler.runningRecords();
      log.warn("Asking {} running record(s) to stop: {}", running.size(), running);
      running.forEach(PendingRecord::requestStop);
      return awaitNoneRunning(settings.stopGrace());
    } finally {
      lock.unlock();
    }
  }

  /** Records running now; for a gauge. */
  public int running() {
    return runningGauge;
  }

  /** Records held and not running (queued behind their key or waiting for a retry); a gauge. */
  public int buffered() {
    return bufferedGauge;
  }

  /**
   * Releases the threads. Work still running (it ignored the stop signal) keeps its daemon thread
   * and is not acknowledged; call {@link #awaitRunning} first.
   */
  @Override
  public void close() {
    stopAccepting();
    threads.close();
  }

  private void run(PendingRecord pending) {
    Outcome outcome = null;
    Throwable failure = null;
    try {
      outcome = work.run(pending.record(), pending);
    } catch (Throwable e) { // an Error too: letting it escape would leave the key blocked forever
      failure = e;
    }
    complete(pending, outcome, failure);
  }

  private void complete(PendingRecord pending, Outcome outcome, Throwable failure) {
    lock.lock();
    try {
      if (pending.isRevoked()) {
        // its partition has another owner now, who runs the record again; never acknowledged
        if (failure != null) {
          log.warn("{} failed after its partition was revoked", pending, failure);
        }
        scheduler.remove(pending);
      } else if (failure != null) {
        int failures = pending.recordFailure();
        Duration delay = settings.failureDelay(failures);
        log.warn("{} failed ({} time(s)), retrying in {}", pending, failures, delay, failure);
        retryLater(pending, delay);
      } else if (outcome instanceof Outcome.RetryAfter retry) {
        retryLater(pending, retry.delay());
      } else {
        scheduler.remove(pending);
        partitions.finish(pending.slot());
      }
      runningChanged.signalAll();
      startWhatFits();
    } finally {
      lock.unlock();
    }
  }

  /** Keeps the record at the head of its key; once stopping, it stays there unacknowledged. */
  private void retryLater(PendingRecord pending, Duration delay) {
    scheduler.hold(pending);
    if (accepting) {
      threads.runLater(() -> wake(pending), delay);
    }
  }

  private void wake(PendingRecord pending) {
    lock.lock();
    try {
      scheduler.wake(pending);
      startWhatFits();
    } finally {
      lock.unlock();
    }
  }

  private void forget(Collection<TopicPartition> gone) {
    partitions.forget(gone);
    int dropped = scheduler.dropWaiting(PendingRecord::isRevoked);
    log.info("Partitions {} gone: dropped {} waiting record(s)", gone, dropped);
    startWhatFits();
  }

  /** Starts what the limits allow, and refreshes the gauges; call under the lock. */
  private void startWhatFits() {
    for (PendingRecord next; accepting && (next = scheduler.next()) != null; ) {
      PendingRecord starting = next;
      threads.runWork(() -> run(starting));
    }
    runningGauge = scheduler.running();
    bufferedGauge = scheduler.waiting();
  }

  private boolean awaitNoneRunning(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    while (scheduler.running() > 0) {
      if (nanos <= 0) {
        return false;
      }
      nanos = runningChanged.awaitNanos(nanos);
    }
    return true;
  }
}
