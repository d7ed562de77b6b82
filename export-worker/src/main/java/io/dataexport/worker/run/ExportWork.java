package io.dataexport.worker.run;

import io.dataexport.archive.ArchiveStore;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportJobStore.Claim;
import io.dataexport.logging.LogFields;
import io.dataexport.worker.archive.ArchivePreparer;
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
 * What an ExportRequested asks of a worker: claim its subject's (the user's, or the enterprise's
 * workspace) oldest PENDING export and run it. The event is a wake-up for its subject, not an order
 * for one job — every PENDING export has at least one event behind it, so claiming the oldest keeps
 * the subject's exports in request order even after one was handed back, and a repeated event finds
 * nothing to do.
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
  private final ExportTracing tracing;

  private ExportWork(
      ExportJobStore jobs,
      ExportExecution execution,
      ScheduledExecutorService leaseTimer,
      WorkerProperties settings,
      Clock clock,
      ExportTracing tracing) {
    this.jobs = jobs;
    this.execution = execution;
    this.leaseTimer = leaseTimer;
    this.workerId = settings.resolvedWorkerId();
    this.leaseDuration = settings.leaseDuration();
    this.userBusyRetry = settings.userBusyRetry();
    this.clock = clock;
    this.tracing = tracing;
  }

  /**
   * @param userData prepares a user's archive
   * @param workspace prepares a workspace export's archive
   * @param defaultRetention how long archives are kept where an enterprise's policy does not say
   * @param tracing continues each request's trace on the thread that runs it
   */
  public static ExportWork create(
      ExportJobStore jobs,
      ArchivePreparer userData,
      ArchivePreparer workspace,
      ArchiveStore archives,
      UserCatalog enterprises,
      Duration defaultRetention,
      WorkerProperties settings,
      ExportMetrics metrics,
      Clock clock,
      ExportTracing tracing) {
    ScheduledExecutorService leaseTimer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "export-leases");
              thread.setDaemon(true);
              return thread;
            });
    ArchiveBuilder builder =
        new ArchiveBuilder(userData, workspace, archives, enterprises, defaultRetention, clock);
    return new ExportWork(
        jobs,
        new ExportExecution(jobs, builder, leaseTimer, settings, metrics, clock),
        leaseTimer,
        settings,
        clock,
        tracing);
  }

  /** Stops renewing leases; Spring calls this once the dispatcher has drained. */
  @Override
  public void close() {
    leaseTimer.shutdownNow();
  }

  @Override
  public Outcome run(ConsumerRecord<String, String> record, StopSignal stop) {
    try (ExportTracing.Scope trace = tracing.continueFrom(record)) {
      ExportRequested event;
      try {
        event = read(record);
      } catch (JacksonException | IllegalArgumentException e) {
        return Outcome.deadLetter(e);
      }
      // every line logged while this request runs names it (dispatcher threads are reused)
      MDC.put(LogFields.ENTERPRISE_UID, event.enterpriseUid());
      putIfKnown(LogFields.EXPORT_UID, event.exportUid());
      putIfKnown(LogFields.REQUEST_ID, event.requestId());
      try {
        return claimAndRun(event, stop);
      } finally {
        MDC.remove(LogFields.ENTERPRISE_UID);
        MDC.remove(LogFields.EXPORT_UID);
        MDC.remove(LogFields.REQUEST_ID);
      }
    }
  }

  private static void putIfKnown(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  private Outcome claimAndRun(ExportRequested event, StopSignal stop) {
    if (stop.isStopRequested()) {
      return Outcome.retryAfter(userBusyRetry); // shutting down: leave it for the next owner
    }
    Instant now = clock.instant();
    Claim claim = jobs.claimNext(event.subject(), workerId, now.plus(leaseDuration), now);
    if (claim instanceof Claim.UserBusy busy) {
      log.debug("user of export {} busy with {}", event.exportUid(), busy.runningUid());
      return Outcome.retryAfter(userBusyRetry);
    }
    if (!(claim instanceof Claim.Claimed claimed)) {
      return Outcome.done(); // nothing pending: done, cancelled, or run by another worker
    }
    // the user's oldest PENDING export, not necessarily the one this request was sent for
    putIfKnown(LogFields.EXPORT_UID, claimed.job().uid());
    putIfKnown(LogFields.REQUEST_ID, claimed.job().requestId());
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
    event.subject(); // throws when the event names no subject
    return event;
  }
}
