package io.dataexport.worker.run;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.failure.TransientFailures;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed attempt of an export to its end: the archive is written under a kept lease, then
 * the job COMPLETED; or the attempt is stopped, retried later or FAILED. Every write to the job
 * names this attempt as owner, so a worker that lost the job cannot change it any more.
 */
class ExportExecution {

  private static final Logger log = LoggerFactory.getLogger(ExportExecution.class);

  /** How the attempt ended, for the dispatcher: done with the request, or try again later. */
  sealed interface Result {
    record Finished() implements Result {}

    record RetryAfter(Duration delay) implements Result {}
  }

  private final ExportJobStore jobs;
  private final ArchiveBuilder archives;
  private final ScheduledExecutorService timer;
  private final WorkerProperties settings;
  private final RetryBackoff backoff;
  private final ExportMetrics metrics;
  private final Clock clock;

  ExportExecution(
      ExportJobStore jobs,
      ArchiveBuilder archives,
      ScheduledExecutorService timer,
      WorkerProperties settings,
      ExportMetrics metrics,
      Clock clock) {
    this.jobs = jobs;
    this.archives = archives;
    this.timer = timer;
    this.settings = settings;
    this.backoff = new RetryBackoff(settings.retryBackoff(), settings.retryBackoffMax());
    this.metrics = metrics;
    this.clock = clock;
  }

  Result run(ExportJob job, BooleanSupplier shutdownRequested) {
    metrics.started(job, clock.instant());
    ArchiveRef archive;
    long records;
    try (LeaseKeeper lease =
        new LeaseKeeper(
            job,
            jobs,
            timer,
            settings.leaseRenewInterval(),
            settings.leaseDuration(),
            clock,
            shutdownRequested)) {
      archive = archives.build(job, lease);
      lease.renewNow(); // the job shows the final progress, not the last timed report
      records = lease.progress().records();
    } catch (ExportStoppedException e) {
      return stopped(job, e);
    } catch (Exception e) {
      return failed(job, e);
    }
    return complete(job, archive, records);
  }

  private Result complete(ExportJob job, ArchiveRef archive, long recordsWritten) {
    try {
      ExportJob completed = jobs.complete(job, archive, clock.instant());
      metrics.completed(completed, archive.sizeBytes(), recordsWritten);
      log.info("export {} completed: {} bytes", job.uid(), archive.sizeBytes());
      return new Result.Finished();
    } catch (ExportStateConflictException e) {
      // cancelled, or our lease lapsed and the job went on without us: the archive is not its
      log.info(
          "export {} ended elsewhere while its archive was written: {}", job.uid(), e.getMessage());
      archives.discard(job);
      metrics.stopped(job);
      return new Result.Finished();
    } catch (RuntimeException e) {
      // Not recorded: the archive stays (the write may have gone through after all); if the job
      // is still ours when the lease lapses, the lease sweep deletes it and runs the job again.
      log.warn("export {} written but not recorded as completed: {}", job.uid(), e.getMessage());
      return new Result.Finished();
    }
  }

  private Result stopped(ExportJob job, ExportStoppedException e) {
    metrics.stopped(job);
    if (e.why() == ExportStoppedException.Why.SHUTDOWN) {
      try {
        jobs.release(job, clock.instant());
        log.info("export {} handed back at shutdown", job.uid());
      } catch (RuntimeException release) {
        log.warn(
            "export {} not handed back ({}); its lease will lapse",
            job.uid(),
            release.getMessage());
      }
    } else {
      log.info("export {} stopped: it is no longer this worker's", job.uid());
    }
    return new Result.Finished();
  }

  private Result failed(ExportJob job, Exception e) {
    boolean passing = TransientFailures.isTransient(e);
    try {
      // hand-backs at shutdown are claims too but not failures: only failed attempts count
      int failures = job.failedAttempts().size() + 1;
      if (passing && failures < settings.maxAttempts()) {
        Duration delay = backoff.afterAttempt(failures);
        log.warn(
            "export {} attempt {} met a passing failure; again in {}",
            job.uid(),
            job.attempt(),
            delay,
            e);
        jobs.retryLater(job, "attempt " + job.attempt() + ": " + describe(e), clock.instant());
        metrics.retried(job);
        return new Result.RetryAfter(delay);
      }
      log.error("export {} failed in attempt {}", job.uid(), job.attempt(), e);
      jobs.fail(job, failure(job, e, passing), clock.instant());
      metrics.failed(job);
    } catch (ExportStateConflictException conflict) {
      log.info("export {} moved on meanwhile: {}", job.uid(), conflict.getMessage());
    } catch (RuntimeException unrecorded) {
      log.warn(
          "export {} failure not recorded ({}); its lease will lapse",
          job.uid(),
          unrecorded.getMessage());
    }
    return new Result.Finished();
  }

  private Failure failure(ExportJob job, Exception e, boolean passing) {
    if (passing) {
      return new Failure(
          "unavailable",
          "a service the export needs stayed unavailable through "
              + (job.failedAttempts().size() + 1)
              + " attempts: "
              + describe(e));
    }
    return new Failure("internal", "the archive could not be written: " + describe(e));
  }

  /** The failure's kind, never its message: messages can carry data or addresses. */
  private static String describe(Exception e) {
    return e.getClass().getSimpleName();
  }
}
