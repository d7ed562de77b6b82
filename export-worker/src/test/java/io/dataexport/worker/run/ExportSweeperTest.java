package io.dataexport.worker.run;

import static io.dataexport.export.ExportJobs.aPendingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.dataexport.api.v1.ExportStatus;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.event.AuditEvent;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.KafkaTemplate;

/** The sweep's three repairs against the MongoDB-wire server and a filesystem archive store. */
class ExportSweeperTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration STALLED_AFTER = Duration.ofMinutes(2);
  private static final Duration PENDING_AFTER = Duration.ofMinutes(10);
  private static final String TOPIC = "requests";

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir Path archiveDir;

  private MongoExportJobStore jobs;
  private FilesystemArchiveStore archives;
  private final List<AuditEvent.Data> audited = new ArrayList<>();

  @SuppressWarnings("unchecked")
  private final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);

  private ExportSweeper sweeper;

  @BeforeEach
  void setUp() {
    jobs = new MongoExportJobStore(mongo.freshDatabase());
    jobs.createIndexes();
    MutableClock clock = new MutableClock(NOW);
    archives = new FilesystemArchiveStore(archiveDir, URI.create("http://localhost"), null, clock);
    sweeper =
        new ExportSweeper(
            jobs, archives, audited::add, kafka, TOPIC, STALLED_AFTER, PENDING_AFTER, clock);
  }

  @Test
  void aProcessingExportWhoseHeartbeatStoppedIsFailed() {
    ExportJob stalled = insertPending();
    jobs.markProcessing(stalled.uid(), NOW.minus(STALLED_AFTER).minusSeconds(1));
    ExportJob alive = insertPending("usr_other");
    jobs.markProcessing(alive.uid(), NOW.minusSeconds(5));

    sweeper.sweep();

    ExportJob failed = jobs.find(stalled.uid()).orElseThrow();
    assertThat(failed.status()).isEqualTo(ExportStatus.EXPORT_STATUS_FAILED);
    assertThat(failed.errorMessage()).contains("stopped responding");
    assertThat(jobs.find(alive.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_PROCESSING);
  }

  @Test
  void aPendingExportNoWorkerClaimedIsRequestedAgainOnceKeyedByItsUser() {
    ExportJob lost =
        jobs.find(insertPendingAt(NOW.minus(PENDING_AFTER).minusSeconds(1)).uid()).orElseThrow();
    ExportJob fresh = insertPendingAt(NOW.minusSeconds(1));

    sweeper.sweep();

    verify(kafka)
        .send(eq(TOPIC), eq(lost.enterpriseUid() + "/" + lost.userId()), contains(lost.uid()));
    sweeper.sweep();
    verify(kafka, times(1)).send(eq(TOPIC), anyString(), contains(lost.uid()));
    verify(kafka, never()).send(eq(TOPIC), anyString(), contains(fresh.uid()));
  }

  @Test
  void anArchivePastItsRetentionIsDeletedOnceAndAudited() throws IOException {
    ExportJob expired = completedWithArchive(NOW.minusSeconds(1));
    ExportJob kept = completedWithArchive(NOW.plus(Duration.ofDays(1)));

    sweeper.sweep();
    sweeper.sweep();

    assertThat(archiveDir.resolve(expired.archive().objectName())).doesNotExist();
    assertThat(archiveDir.resolve(kept.archive().objectName())).exists();
    assertThat(audited)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.operation()).isEqualTo("export.archive_delete");
              assertThat(event.exportUid()).isEqualTo(expired.uid());
            });
    assertThat(jobs.findExpiredArchives(NOW.plus(Duration.ofDays(2)), 10))
        .extracting(ExportJob::uid)
        .containsExactly(kept.uid());
  }

  private ExportJob completedWithArchive(Instant expiresAt) throws IOException {
    ExportJob job = insertPending("usr_" + expiresAt.getEpochSecond());
    String objectName = "exports/" + job.enterpriseUid() + "/" + job.uid() + ".zip";
    try (ArchiveUpload upload = archives.beginUpload(objectName)) {
      upload.stream().write(new byte[] {1, 2, 3});
      upload.commit();
    }
    jobs.markProcessing(job.uid(), NOW);
    return jobs.markCompleted(job.uid(), new ArchiveRef(objectName, 3, "sha", expiresAt), NOW);
  }

  private ExportJob insertPending() {
    return insertPending("usr_ada");
  }

  private ExportJob insertPending(String userId) {
    ExportJob job = aPendingJob().forUser(userId).createdAt(NOW).build();
    jobs.insert(job);
    return job;
  }

  private ExportJob insertPendingAt(Instant createdAt) {
    ExportJob job =
        aPendingJob().forUser("usr_" + createdAt.getEpochSecond()).createdAt(createdAt).build();
    jobs.insert(job);
    return job;
  }
}
