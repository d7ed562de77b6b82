package io.dataexport.worker.sweep;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Requests again a PENDING export no worker claimed for a long time. With the job document as
 * outbox an event is never lost on the way in; this repairs what a broker lost after it had it (an
 * unreplicated broker's disk, an expired retention).
 */
public class PendingRequeue {

  private static final Logger log = LoggerFactory.getLogger(PendingRequeue.class);
  private static final int BATCH = 100;

  private final ExportJobStore jobs;
  private final Duration after;
  private final Clock clock;

  public PendingRequeue(ExportJobStore jobs, Duration after, Clock clock) {
    this.jobs = jobs;
    this.after = after;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${dataexport.worker.sweep-interval:30s}")
  public void run() {
    SweepTasks.guarded("pending requeue", this::requestForgottenExportsAgain);
  }

  void requestForgottenExportsAgain() {
    Instant now = clock.instant();
    for (ExportJob job : jobs.findPendingSince(now.minus(after), BATCH)) {
      jobs.requestAgain(job, now);
      log.info("export {} still pending after {}; requested again", job.uid(), after);
    }
  }
}
