package io.dataexport.worker.run;

import io.dataexport.export.ExportJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What operators watch on /actuator/prometheus: exports run per outcome, how long they took from
 * request to result (queueing included, which is what the admin waits for), and archive sizes.
 */
public class ExportMetrics {

  private final MeterRegistry registry;
  private final Timer completedDuration;
  private final DistributionSummary archiveBytes;

  public ExportMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.completedDuration =
        Timer.builder("dataexport.export.duration")
            .description("From the export's creation to its archive being stored")
            .publishPercentiles(0.5, 0.95)
            .register(registry);
    this.archiveBytes =
        DistributionSummary.builder("dataexport.archive.size")
            .baseUnit("bytes")
            .description("Size of the archives written")
            .register(registry);
  }

  void completed(ExportJob job, long sizeBytes) {
    outcome("completed").increment();
    completedDuration.record(Duration.between(job.createdAt(), job.finishedAt()));
    archiveBytes.record(sizeBytes);
  }

  /** Cancelled while it ran, taken over after its lease lapsed, or handed back at shutdown. */
  void stopped() {
    outcome("stopped").increment();
  }

  /** An attempt met a passing failure; the export runs again. */
  void retried() {
    outcome("retried").increment();
  }

  void failed() {
    outcome("failed").increment();
  }

  private Counter outcome(String outcome) {
    return Counter.builder("dataexport.exports")
        .description("Exports a worker ran, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
