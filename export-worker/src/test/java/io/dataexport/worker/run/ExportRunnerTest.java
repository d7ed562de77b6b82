package io.dataexport.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.ExportRequested;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.UserExportInProgressException;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.archive.Manifest;
import io.dataexport.worker.source.UserDataReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runner against the MongoDB-wire server and a filesystem archive store. */
class ExportRunnerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ENTERPRISE = "ent_test";

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir Path archives;
  @TempDir Path spool;

  private MongoDatabase db;
  private MongoExportJobStore jobs;
  private FilesystemArchiveStore store;
  private final List<AuditEvent.Data> audited = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ExportRunner runner;
  private String userId;

  @BeforeEach
  void setUp() {
    db = mongo.freshDatabase();
    jobs = new MongoExportJobStore(db);
    jobs.createIndexes();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    store = new FilesystemArchiveStore(archives, URI.create("http://localhost"), null, clock);
    runner = runnerWritingTo(spool, clock);
    userId = UUID.randomUUID().toString();
    db.getCollection("users")
        .insertOne(new Document("_id", userId).append("email", "u@example.com"));
    db.getCollection("sessions")
        .insertOne(
            new Document("_id", "ses_1")
                .append("user_id", userId)
                .append("title", "t")
                .append("created_at", Date.from(NOW.minusSeconds(60))));
  }

  private ExportRunner runnerWritingTo(Path spoolDir, Clock clock) {
    return runnerWith(
        new ExportArchiveWriter(new UserDataReader(db), 1000, spoolDir, clock), clock);
  }

  private ExportRunner runnerWith(ExportArchiveWriter writer, Clock clock) {
    return new ExportRunner(
        jobs,
        writer,
        store,
        audited::add,
        Duration.ofDays(30),
        Duration.ofMillis(50),
        clock,
        new ExportMetrics(meters));
  }

  @Test
  void aPendingExportIsRunToCompletedWithItsArchiveStored() {
    ExportJob job = pendingJob();

    runner.run(requested(job));

    ExportJob done = jobs.find(job.uid()).orElseThrow();
    assertThat(done.status()).isEqualTo(ExportStatus.EXPORT_STATUS_COMPLETED);
    Path archive = archives.resolve(ArchiveLayout.objectName(ENTERPRISE, job.uid()));
    assertThat(archive).exists();
    assertThat(done.archive().sizeBytes()).isEqualTo(archive.toFile().length());
    assertThat(done.archive().expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(audited).extracting(AuditEvent.Data::operation).containsExactly("export.complete");
    assertThat(outcomeCount("completed")).isEqualTo(1);
    assertThat(meters.get("dataexport.archive.size").summary().totalAmount())
        .isEqualTo(done.archive().sizeBytes());
  }

  @Test
  void aRedeliveredEventDoesNotRunAFinishedExportAgain() throws Exception {
    ExportJob job = pendingJob();
    runner.run(requested(job));
    ExportJob first = jobs.find(job.uid()).orElseThrow();
    Path archive = archives.resolve(first.archive().objectName());
    byte[] bytes = Files.readAllBytes(archive);

    runner.run(requested(job));

    ExportJob second = jobs.find(job.uid()).orElseThrow();
    assertThat(second).isEqualTo(first);
    assertThat(Files.readAllBytes(archive)).isEqualTo(bytes);
    assertThat(audited).hasSize(1);
  }

  @Test
  void aCancelledExportIsNotRun() {
    ExportJob job = pendingJob();
    jobs.markCancelled(job.uid(), NOW);

    runner.run(requested(job));

    assertThat(jobs.find(job.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_CANCELLED);
    assertThat(archives.resolve(ArchiveLayout.objectName(ENTERPRISE, job.uid()))).doesNotExist();
  }

  @Test
  void aUsersSecondExportWaitsWhileTheFirstIsProcessing() {
    ExportJob first = pendingJob();
    ExportJob second = pendingJob();
    jobs.markProcessing(first.uid(), NOW);

    assertThatThrownBy(() -> runner.run(requested(second)))
        .isInstanceOf(UserExportInProgressException.class);
    assertThat(jobs.find(second.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);

    jobs.markFailed(first.uid(), "worker died", NOW);
    runner.run(requested(second));
    assertThat(jobs.find(second.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_COMPLETED);
  }

  @Test
  void anExportWhoseArchiveCannotBeWrittenFailsAndLeavesNoArchive() throws Exception {
    Path notADirectory = Files.createFile(spool.resolve("occupied"));
    ExportRunner broken = runnerWritingTo(notADirectory, Clock.fixed(NOW, ZoneOffset.UTC));
    ExportJob job = pendingJob();

    broken.run(requested(job));

    ExportJob failed = jobs.find(job.uid()).orElseThrow();
    assertThat(failed.status()).isEqualTo(ExportStatus.EXPORT_STATUS_FAILED);
    assertThat(failed.errorMessage()).startsWith("the archive could not be written");
    try (var left = Files.walk(archives)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
    assertThat(audited).extracting(AuditEvent.Data::outcome).containsExactly("failed");
    assertThat(outcomeCount("failed")).isEqualTo(1);
  }

  @Test
  void anExportCancelledWhileItRunsStopsAtTheNextCheckpointAndLeavesNoArchive() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ExportArchiveWriter cancelledMidway =
        new ExportArchiveWriter(new UserDataReader(db), 1000, spool, clock) {
          @Override
          public Manifest write(ExportJob job, OutputStream out, Runnable checkpoint)
              throws IOException {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            jobs.markCancelled(job.uid(), NOW);
            // the heartbeat notices the job left PROCESSING; the checkpoint then stops the export
            await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(checkpoint::run));
            checkpoint.run();
            return null;
          }
        };
    ExportJob job = pendingJob();

    try (ExportRunner runner = runnerWith(cancelledMidway, clock)) {
      runner.run(requested(job));
    }

    assertThat(jobs.find(job.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_CANCELLED);
    assertThat(archives.resolve(ArchiveLayout.objectName(ENTERPRISE, job.uid()))).doesNotExist();
    assertThat(audited).isEmpty();
    assertThat(outcomeCount("stopped")).isEqualTo(1);
  }

  private double outcomeCount(String outcome) {
    return meters.get("dataexport.exports").tag("outcome", outcome).counter().count();
  }

  private ExportJob pendingJob() {
    ExportJob job =
        ExportJobs.aPendingJob().forEnterprise(ENTERPRISE).forUser(userId).createdAt(NOW).build();
    jobs.insert(job);
    return job;
  }

  private static ExportRequested requested(ExportJob job) {
    return ExportRequested.of(
        job.uid(), job.enterpriseUid(), job.userId(), job.requestId(), job.createdAt());
  }
}
