package io.dataexport.worker.run;

import io.dataexport.api.v1.ExportStatus;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportStateConflictException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Repairs what the store says but the queue lost. A PROCESSING export whose heartbeat stopped (its
 * worker died) is failed, so the user's next export can run; a PENDING export that no worker
 * claimed in time (its event was lost, or given up on) is requested again. Both are safe with
 * several workers sweeping at once: state changes are compare-and-set, claims are idempotent.
 */
public class ExportSweeper {

  private static final Logger log = LoggerFactory.getLogger(ExportSweeper.class);
  private static final int BATCH = 100;

  private final ExportJobStore jobs;
  private final KafkaTemplate<String, String> kafka;
  private final String topic;
  private final Duration stalledAfter;
  private final Duration pendingAfter;
  private final ArchiveStore archives;
  private final AuditPublisher audit;
  private final Clock clock;

  public ExportSweeper(
      ExportJobStore jobs,
      ArchiveStore archives,
      AuditPublisher audit,
      KafkaTemplate<String, String> kafka,
      String topic,
      Duration stalledAfter,
      Duration pendingAfter,
      Clock clock) {
    this.jobs = jobs;
    this.archives = archives;
    this.audit = audit;
    this.kafka = kafka;
    this.topic = topic;
    this.stalledAfter = stalledAfter;
    this.pendingAfter = pendingAfter;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${dataexport.worker.sweep-interval:30s}")
  public void sweep() {
    Instant now = clock.instant();
    failStalledExports(now);
    requestPendingExportsAgain(now);
    deleteExpiredArchives(now);
  }

  void failStalledExports(Instant now) {
    for (ExportJob job :
        jobs.findStale(ExportStatus.EXPORT_STATUS_PROCESSING, now.minus(stalledAfter), BATCH)) {
      try {
        jobs.markFailed(job.uid(), "the worker running this export stopped responding", now);
        log.warn("export {} failed: no heartbeat since {}", job.uid(), stalledAfter);
      } catch (ExportStateConflictException e) {
        log.info("stalled export {} moved on meanwhile: {}", job.uid(), e.getMessage());
      }
    }
  }

  void requestPendingExportsAgain(Instant now) {
    for (ExportJob job :
        jobs.findStale(ExportStatus.EXPORT_STATUS_PENDING, now.minus(pendingAfter), BATCH)) {
      ExportRequested event =
          ExportRequested.of(
              job.uid(), job.enterpriseUid(), job.userId(), job.requestId(), job.createdAt());
      kafka.send(topic, event.key(), EventJson.write(event));
      jobs.touchPending(job.uid(), now);
      log.info("export {} still pending after {}; requested again", job.uid(), pendingAfter);
    }
  }

  void deleteExpiredArchives(Instant now) {
    for (ExportJob job : jobs.findExpiredArchives(now, BATCH)) {
      try {
        archives.delete(job.archive().objectName());
      } catch (IOException | RuntimeException e) {
        log.warn("archive of export {} not deleted yet: {}", job.uid(), e.getMessage());
        continue;
      }
      jobs.markArchiveDeleted(job.uid(), now);
      audit.publish(
          AuditEvent.Data.forJob(
              job, "export.archive_delete", "succeeded", null, "retention period ended"));
      log.info(
          "archive of export {} deleted: retention ended {}", job.uid(), job.archive().expiresAt());
    }
  }
}
