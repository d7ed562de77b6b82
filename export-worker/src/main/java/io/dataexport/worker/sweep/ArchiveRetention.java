package io.dataexport.worker.sweep;

import io.dataexport.archive.ArchiveStore;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes archives whose retention ended, unless a legal hold keeps them. The job stays and says
 * its archive expired; the deletion is audited.
 */
public class ArchiveRetention {

  private static final Logger log = LoggerFactory.getLogger(ArchiveRetention.class);
  private static final int BATCH = 100;

  private final ExportJobStore jobs;
  private final ArchiveStore archives;
  private final Clock clock;

  public ArchiveRetention(ExportJobStore jobs, ArchiveStore archives, Clock clock) {
    this.jobs = jobs;
    this.archives = archives;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${dataexport.worker.sweep-interval:30s}")
  public void run() {
    SweepTasks.guarded("archive retention", this::deleteExpiredArchives);
  }

  void deleteExpiredArchives() throws IOException {
    Instant now = clock.instant();
    for (ExportJob job : jobs.findExpiredArchives(now, BATCH)) {
      archives.delete(job.archive().objectName());
      jobs.markArchiveExpired(job, now);
      log.info(
          "archive of export {} deleted: retention ended {}", job.uid(), job.archive().expiresAt());
    }
  }
}
