package io.dataexport.worker.sweep;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportStateConflictException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Finds PROCESSING exports whose worker stopped renewing its lease (it died, or lost MongoDB) and
 * sends them back to PENDING for any worker — or FAILED after the last attempt — and deletes what
 * the dead attempt may have left in the archive store. Safe with every worker sweeping: the change
 * is a compare-and-set on the lapsed attempt.
 */
public class LeaseExpiry {

  private static final Logger log = LoggerFactory.getLogger(LeaseExpiry.class);
  private static final int BATCH = 100;

  private final ExportJobStore jobs;
  private final ArchiveStore archives;
  private final int maxAttempts;
  private final Clock clock;

  public LeaseExpiry(ExportJobStore jobs, ArchiveStore archives, int maxAttempts, Clock clock) {
    this.jobs = jobs;
    this.archives = archives;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${dataexport.worker.lease-check-interval:5s}")
  public void run() {
    SweepTasks.guarded("lease expiry", this::expireLapsedLeases);
  }

  void expireLapsedLeases() {
    Instant now = clock.instant();
    for (ExportJob lapsed : jobs.findLapsedLeases(now, BATCH)) {
      try {
        ExportJob after = jobs.expireLease(lapsed, maxAttempts, now);
        log.warn(
            "export {} attempt {}: lease lapsed (worker {}); now {}",
            lapsed.uid(),
            lapsed.attempt(),
            lapsed.lease().workerId(),
            after.status());
      } catch (ExportStateConflictException e) {
        continue; // renewed, finished or expired by another sweeper meanwhile
      }
      deleteAttemptArchive(lapsed);
    }
  }

  private void deleteAttemptArchive(ExportJob lapsed) {
    try {
      archives.delete(
          ArchiveLayout.objectName(
              lapsed.kind(), lapsed.enterpriseUid(), lapsed.uid(), lapsed.attempt()));
    } catch (IOException | RuntimeException e) {
      log.warn("archive of lapsed attempt of {} not deleted: {}", lapsed.uid(), e.getMessage());
    }
  }
}
