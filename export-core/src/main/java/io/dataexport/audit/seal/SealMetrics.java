package io.dataexport.audit.seal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator alerts on: per partition, the age of the last completed seal pass (a digest
 * written, or nothing to seal). It grows past the interval only when sealing stopped.
 */
public final class SealMetrics {

  private final MeterRegistry meters;
  private final Clock clock;
  private final Counter digests;
  private final Counter events;
  private final Counter failures;
  private final Map<Integer, Instant> lastPass = new ConcurrentHashMap<>();

  public SealMetrics(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
    this.digests =
        Counter.builder("dataexport.audit.seal.digests")
            .description("Digests the sealer wrote into the audit topic")
            .register(meters);
    this.events =
        Counter.builder("dataexport.audit.seal.events")
            .description("Audit events the written digests sealed")
            .register(meters);
    this.failures =
        Counter.builder("dataexport.audit.seal.failures")
            .description("Seal passes of a partition that failed (retried next interval)")
            .register(meters);
  }

  void sealed(long eventCount) {
    digests.increment();
    events.increment(eventCount);
  }

  void failed() {
    failures.increment();
  }

  void passed(int partition) {
    if (lastPass.put(partition, clock.instant()) == null) {
      Gauge.builder("dataexport.audit.seal.pass.age", lastPass, passes -> age(passes, partition))
          .description(
              "Seconds since this worker last finished sealing the partition; absent (NaN) when"
                  + " another worker holds it")
          .baseUnit("seconds")
          .tag("partition", String.valueOf(partition))
          .register(meters);
    }
  }

  void released(int partition) {
    lastPass.remove(partition);
  }

  private double age(Map<Integer, Instant> passes, int partition) {
    Instant at = passes.get(partition);
    return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
  }
}
