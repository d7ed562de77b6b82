package io.dataexport.worker.run;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.Progress;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportJobStore.JobOwner;
import io.dataexport.logging.LogContext;
import io.dataexport.worker.archive.WriteProgress;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running export's lease: renews it on a timer — also through long steps such as copying a
 * large file — with the progress so far, and notices when the job is no longer this worker's
 * (cancelled, or its lease lapsed and it moved on). Every progress report and every write to the
 * archive is a checkpoint that stops the export then, or when the worker shuts down.
 */
final class LeaseKeeper implements WriteProgress, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final ExportJob job;
  private final ExportJobStore jobs;
  private final Duration leaseDuration;
  private final Clock clock;
  private final BooleanSupplier shutdownRequested;
  private final ScheduledFuture<?> renewals;
  private final AtomicInteger sectionsTotal = new AtomicInteger();
  private final AtomicInteger sectionsDone = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean lost;

  LeaseKeeper(
      ExportJob job,
      ExportJobStore jobs,
      ScheduledExecutorService timer,
      Duration renewEvery,
      Duration leaseDuration,
      Clock clock,
      BooleanSupplier shutdownRequested) {
    this.job = job;
    this.jobs = jobs;
    this.leaseDuration = leaseDuration;
    this.clock = clock;
    this.shutdownRequested = shutdownRequested;
    long millis = renewEvery.toMillis();
    this.renewals =
        timer.scheduleWithFixedDelay(
            // its lines name the export and its trace, as the export's own do
            LogContext.carriedInto(this::renew), millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Renews the lease and reports progress now, off the timer. */
  void renewNow() {
    renew();
  }

  private void renew() {
    try {
      var now = clock.instant();
      if (!jobs.renewLease(JobOwner.of(job), now.plus(leaseDuration), progress(), now)) {
        lost = true;
      }
    } catch (RuntimeException e) {
      // A missed renewal is harmless until the lease lapses; the next one tries again.
      log.warn("lease of export {} not renewed: {}", job.uid(), e.getMessage());
    }
  }

  Progress progress() {
    return new Progress(sectionsDone.get(), sectionsTotal.get(), records.get(), bytes.get());
  }

  /** Throws {@link ExportStoppedException} when the export must stop. */
  void checkpoint() {
    if (lost) {
      throw new ExportStoppedException(job.uid(), ExportStoppedException.Why.NO_LONGER_OURS);
    }
    if (shutdownRequested.getAsBoolean()) {
      throw new ExportStoppedException(job.uid(), ExportStoppedException.Why.SHUTDOWN);
    }
  }

  @Override
  public void sectionsPlanned(int sections) {
    sectionsTotal.set(sections);
  }

  @Override
  public void recordWritten() {
    checkpoint();
    records.incrementAndGet();
  }

  @Override
  public void sectionDone() {
    checkpoint();
    sectionsDone.incrementAndGet();
  }

  /** The archive's stream, counting its bytes and checking before every write. */
  OutputStream watch(OutputStream archive) {
    return new FilterOutputStream(archive) {
      @Override
      public void write(int b) throws IOException {
        checkpoint();
        out.write(b);
        bytes.incrementAndGet();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        checkpoint();
        out.write(b, off, len);
        bytes.addAndGet(len);
      }
    };
  }

  @Override
  public void close() {
    renewals.cancel(false);
  }
}
