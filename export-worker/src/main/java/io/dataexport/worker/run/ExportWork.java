package io.dataexport.worker.run;

import io.dataexport.archive.ArchiveStore;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportJobStore.Claim;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.dispatch.Outcome;
import io.dataexport.worker.dispatch.RecordWork;
import io.dataexport.worker.dispatch.StopSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;

/**
 * What an ExportRequested asks of a worker: claim the user's oldest PENDING export and run it. The
 * event is a wake-up for its user, not an order for one job — every PENDING export has at least one
 * event behind it, so claiming the oldest keeps the user's exports in request order even after one
 * was handed back, and a repeated event finds nothing to do.
 */
public class ExportWork implements RecordWork, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExportWork.class);

  private final ExportJobStore jobs;
  private final ExportExecution execution;
  private final ScheduledExecutorService leaseTimer;
  private final String workerId;
  private final Duration leaseDuration;
  private final Duration userBusyRetry;
  private final Clock clock;

  private ExportWork(
      ExportJobStore jobs,
      ExportExecution execution,
      ScheduledExecutorService leaseTimer,
      WorkerProperties settings,
      Clock clock) {
    this.jobs = jobs;
    this.execution = execution;
    this.leaseTimer = leaseTimer;
    this.workerId = settings.resolvedWorkerId();
    this.leaseDuration = settings.leaseDuration();
    this.userBusyRetry = settings.userBusyRetry();
    this.clock = clock;
  }

  /**
   * @param defaultRetention how long archives are kept where an enterprise's policy does not say
   */
  public static ExportWork create(
      ExportJobStore jobs,
      ExportArchiveWriter writer,
      ArchiveStore archives,
      UserCatalog enterprises,
      Duration defaultRetention,
      WorkerProperties settings,
      ExportMetrics metrics,
      Clock clock) {
    ScheduledExecutorService leaseTimer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "export-leases");
              thread.setDaemon(true);
              return thread;
            });
    ArchiveBuilder builder =
        new ArchiveBuilder(writer, archives, enterprises, defaultRetention, clock);
    return new ExportWork(
        jobs,
        new ExportExecution(jobs, builder, leaseTimer, settings, metrics, clock),
        leaseTimer,
        settings,
        clock);
  }

  /** Stops renewing leases; Spring calls this once the dispatcher has drained. */
  @Override
  public void close() {
    leaseTimer.shutdownNow();
  }

  @Override
  public Outcome run(ConsumerRecord<String, String> record, StopSignal stop) {
    ExportRequested event;
    try {
      event = read(record);
    } catch (JacksonException | IllegalArgumentException e) {
      return Outcome.deadLetter(e);
    }
    MDC.put("request_id", event.requestId());
    try {
      return claimAndRun(event, stop);
    } finally {
      MDC.remove("request_id");
    }
  }

  private Outcome claimAndRun(ExportRequested event, StopSignal stop) {
    if (stop.isStopRequested()) {
      return Outcome.retryAfter(userBusyRetry); // shutting down: leave it for the next owner
    }
    Instant now = clock.instant();
    Claim claim =
        jobs.claimNext(
            event.enterpriseUid(), event.userId(), workerId, now.plus(leaseDuration), now);
    if (claim instanceof Claim.UserBusy busy) {
      log.debug("user of export {} busy with {}", event.exportUid(), busy.runningUid());
      return Outcome.retryAfter(userBusyRetry);
    }
    if (!(claim instanceof Claim.Claimed claimed)) {
      return Outcome.done(); // nothing pending: done, cancelled, or run by another worker
    }
    MDC.put("request_id", claimed.job().requestId());
    ExportExecution.Result result = execution.run(claimed.job(), stop::isStopRequested);
    return result instanceof ExportExecution.Result.RetryAfter retry
        ? Outcome.retryAfter(retry.delay())
        : Outcome.done();
  }

  private static ExportRequested read(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      throw new IllegalArgumentException("empty ExportRequested record");
    }
    ExportRequested event = EventJson.read(record.value(), ExportRequested.class);
    if (event.enterpriseUid() == null || event.userId() == null) {
      throw new IllegalArgumentException("ExportRequested without enterprise_uid or user_id");
    }
    return event;
  }
}
