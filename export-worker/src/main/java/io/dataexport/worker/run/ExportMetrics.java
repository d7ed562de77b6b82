package io.dataexport.worker.run;

import io.dataexport.catalog.EnterpriseTier;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.ExportJob;
import io.dataexport.export.JobKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * What operators watch on /actuator/prometheus: attempts by outcome and scope, how long exports
 * wait before a worker starts them and how long they take from request to result (queueing
 * included, which is what the admin waits for), and what archives hold. Labels take bounded values
 * only: an outcome, one of the API's scopes or WORKSPACE, an enterprise tier ({@link
 * EnterpriseTier}).
 */
public class ExportMetrics {

  /** The buckets an operator sets objectives on: from a second to an hour. */
  private static final Duration[] OBJECTIVES = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(10),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofHours(1)
  };

  private final MeterRegistry registry;
  private final UserCatalog enterprises;
  private final DistributionSummary archiveBytes;
  private final DistributionSummary archiveRecords;

  public ExportMetrics(MeterRegistry registry, UserCatalog enterprises) {
    this.registry = registry;
    this.enterprises = enterprises;
    this.archiveBytes =
        DistributionSummary.builder("dataexport.archive.size")
            .baseUnit("bytes")
            .description("Size of the archives written")
            .register(registry);
    this.archiveRecords =
        DistributionSummary.builder("dataexport.archive.records")
            .description("Records (and attached files) in the archives written")
            .register(registry);
  }

  /** A worker claimed the job: how long it waited since it was requested. */
  void started(ExportJob job, Instant now) {
    timer("dataexport.export.wait", "From the export's creation to a worker starting it", job)
        .record(Duration.between(job.createdAt(), now));
  }

  void completed(ExportJob job, long sizeBytes, long records) {
    outcome("completed", job).increment();
    timer("dataexport.export.duration", "From the export's creation to its archive stored", job)
        .record(Duration.between(job.createdAt(), job.finishedAt()));
    archiveBytes.record(sizeBytes);
    archiveRecords.record(records);
  }

  /** Cancelled while it ran, taken over after its lease lapsed, or handed back at shutdown. */
  void stopped(ExportJob job) {
    outcome("stopped", job).increment();
  }

  /** An attempt met a passing failure; the export runs again. */
  void retried(ExportJob job) {
    outcome("retried", job).increment();
  }

  void failed(ExportJob job) {
    outcome("failed", job).increment();
  }

  private Counter outcome(String outcome, ExportJob job) {
    return Counter.builder("dataexport.exports")
        .description("Export attempts a worker ran, by how they ended")
        .tag("outcome", outcome)
        .tag("scope", scope(job))
        .tag("tier", EnterpriseTier.label(enterprises.tier(job.enterpriseUid())))
        .register(registry);
  }

  private Timer timer(String name, String description, ExportJob job) {
    return Timer.builder(name)
        .description(description)
        .tag("scope", scope(job))
        .serviceLevelObjectives(OBJECTIVES)
        .register(registry);
  }

  /**
   * The API's scope of a user's export; {@code WORKSPACE} for a workspace export, which has none.
   */
  private static String scope(ExportJob job) {
    return job.kind() == JobKind.WORKSPACE ? "WORKSPACE" : job.filters().scope().name();
  }
}
