package io.dataexport.worker.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Work whose records are named by their value. By default a record is done at once; a record can be
 * held "running" until its gate opens (or a stop is requested, when it hands its job back), and
 * given a script of outcomes or exceptions for its successive runs. It remembers what started and
 * finished, and the most records ever running together, overall and per tenant.
 */
final class ScriptedWork implements RecordWork {

  static final Duration HAND_BACK_DELAY = Duration.ofSeconds(30);

  final List<String> started = new CopyOnWriteArrayList<>();
  final List<String> finished = new CopyOnWriteArrayList<>();
  final List<String> stopped = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final Map<String, Deque<Object>> scripts = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final Map<String, AtomicInteger> runningPerTenant = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> maxRunningPerTenant = new ConcurrentHashMap<>();

  /** The record named {@code value} runs until the returned gate is opened. */
  CountDownLatch hold(String value) {
    return gates.computeIfAbsent(value, v -> new CountDownLatch(1));
  }

  /** Successive runs of {@code value} return these outcomes or throw these exceptions. */
  void script(String value, Object... results) {
    scripts.put(value, new ArrayDeque<>(List.of(results)));
  }

  int maxRunning() {
    return maxRunning.get();
  }

  int maxRunningOf(String tenant) {
    return maxRunningPerTenant.getOrDefault(tenant, new AtomicInteger()).get();
  }

  long timesStarted(String value) {
    return started.stream().filter(value::equals).count();
  }

  @Override
  public Outcome run(ConsumerRecord<String, String> record, StopSignal stop) throws Exception {
    String value = record.value();
    String tenant = PendingRecord.tenantOf(record.key());
    started.add(value);
    raise(running, maxRunning);
    raise(
        runningPerTenant.computeIfAbsent(tenant, t -> new AtomicInteger()),
        maxRunningPerTenant.computeIfAbsent(tenant, t -> new AtomicInteger()));
    try {
      CountDownLatch gate = gates.get(value);
      while (gate != null && !gate.await(5, TimeUnit.MILLISECONDS)) {
        if (stop.isStopRequested()) {
          stopped.add(value);
          return Outcome.retryAfter(HAND_BACK_DELAY);
        }
      }
      Deque<Object> script = scripts.get(value);
      Object result = script == null || script.isEmpty() ? Outcome.done() : script.poll();
      if (result instanceof Exception e) {
        throw e;
      }
      if (result == Outcome.done()) {
        finished.add(value);
      }
      return (Outcome) result;
    } finally {
      running.decrementAndGet();
      runningPerTenant.get(tenant).decrementAndGet();
    }
  }

  private static void raise(AtomicInteger current, AtomicInteger max) {
    int now = current.incrementAndGet();
    max.accumulateAndGet(now, Math::max);
  }
}
