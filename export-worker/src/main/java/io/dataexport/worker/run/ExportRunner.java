package io.dataexport.worker.run;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.ExportRequested;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.UserExportInProgressException;
import io.dataexport.worker.archive.ExportArchiveWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one export: claims it ({@code PENDING → PROCESSING}), writes its archive, and records the
 * result. Claiming is a compare-and-set, so a redelivered event, a second worker or a job that was
 * cancelled meanwhile is skipped, not run again.
 */
public class ExportRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

  private final ExportJobStore jobs;
  private final ExportArchiveWriter writer;
  private final ArchiveStore archives;
  private final AuditPublisher audit;
  private final Duration retention;
  private final Duration heartbeatInterval;
  private final Clock clock;
  private final ExportMetrics metrics;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "export-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  public ExportRunner(
      ExportJobStore jobs,
      ExportArchiveWriter writer,
      ArchiveStore archives,
      AuditPublisher audit,
      Duration retention,
      Duration heartbeatInterval,
      Clock clock,
      ExportMetrics metrics) {
    this.jobs = jobs;
    this.writer = writer;
    this.archives = archives;
    this.audit = audit;
    this.retention = retention;
    this.heartbeatInterval = heartbeatInterval;
    this.clock = clock;
    this.metrics = metrics;
  }

  public void run(ExportRequested event) {
    ExportJob job;
    try {
      job = jobs.markProcessing(event.exportUid(), clock.instant());
    } catch (UserExportInProgressException e) {
      throw e; // retried by the listener's error handler until the other export ends
    } catch (ExportStateConflictException e) {
      // Redelivered, already run, or cancelled before it started.
      log.info("skipping export {}: {}", event.exportUid(), e.getMessage());
      return;
    }
    String objectName = ArchiveLayout.objectName(job.enterpriseUid(), job.uid());
    try {
      ExportJob.ArchiveRef archive = writeArchive(job, objectName);
      ExportJob completed = jobs.markCompleted(job.uid(), archive, clock.instant());
      record(job, "export.complete", "succeeded", null);
      metrics.completed(completed, archive.sizeBytes());
      log.info("export {} completed: {} bytes", job.uid(), archive.sizeBytes());
    } catch (ExportCancelledException | ExportStateConflictException e) {
      log.info("export {} stopped: {}", job.uid(), e.getMessage());
      deleteQuietly(objectName);
      metrics.stopped();
    } catch (IOException | RuntimeException e) {
      log.error("export {} failed", job.uid(), e);
      deleteQuietly(objectName);
      fail(job, "the archive could not be written: " + e.getClass().getSimpleName());
      metrics.failed();
    }
  }

  /** Stops the heartbeat timer (Spring calls this when the worker shuts down). */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  private ExportJob.ArchiveRef writeArchive(ExportJob job, String objectName) throws IOException {
    MessageDigest sha256 = sha256();
    try (Heartbeat heartbeat = new Heartbeat(job.uid());
        ArchiveUpload upload = archives.beginUpload(objectName)) {
      OutputStream out = new DigestOutputStream(upload.stream(), sha256);
      writer.write(job, out, heartbeat);
      out.flush();
      long size = upload.commit();
      return new ExportJob.ArchiveRef(
          objectName,
          size,
          HexFormat.of().formatHex(sha256.digest()),
          clock.instant().plus(retention));
    }
  }

  private void fail(ExportJob job, String message) {
    try {
      jobs.markFailed(job.uid(), message, clock.instant());
      record(job, "export.fail", "failed", "internal");
    } catch (ExportStateConflictException e) {
      log.info("export {} was not marked failed: {}", job.uid(), e.getMessage());
    }
  }

  private void record(ExportJob job, String operation, String outcome, String errorCode) {
    audit.publish(AuditEvent.Data.forJob(job, operation, outcome, errorCode, null));
  }

  private void deleteQuietly(String objectName) {
    try {
      archives.delete(objectName);
    } catch (IOException | RuntimeException e) {
      log.warn("could not delete abandoned archive {}", objectName, e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Refreshes the job's heartbeat on a timer while the export runs — also through long steps such
   * as copying a large file — and flags the export for stopping once the job is no longer
   * PROCESSING (cancelled, or failed by the sweeper). The writer checks the flag between records.
   */
  private final class Heartbeat implements Runnable, AutoCloseable {
    private final String uid;
    private final ScheduledFuture<?> beats;
    private volatile boolean stopRequested;

    Heartbeat(String uid) {
      this.uid = uid;
      long millis = heartbeatInterval.toMillis();
      this.beats = timer.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void beat() {
      try {
        if (!jobs.heartbeat(uid, clock.instant())) {
          stopRequested = true;
        }
      } catch (RuntimeException e) {
        // A missed beat is harmless until stalledAfter; the next one retries.
        log.warn("heartbeat of export {} failed: {}", uid, e.getMessage());
      }
    }

    /** The writer's checkpoint: stops the export when the job left PROCESSING. */
    @Override
    public void run() {
      if (stopRequested) {
        throw new ExportCancelledException(uid);
      }
    }

    @Override
    public void close() {
      beats.cancel(false);
    }
  }
}
