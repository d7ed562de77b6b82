package io.dataexport.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.SignedLink;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.catalog.mongo.MongoUserCatalog;
import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.export.JobKind;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.export.mongo.StoredJobs;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.outbox.OutboxTopic;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.dispatch.Outcome;
import io.dataexport.worker.dispatch.StopSignal;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import io.dataexport.worker.workspace.WorkspaceSections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ExportRequested taken to its end against the MongoDB-wire server and a filesystem archive
 * store: claimed, run under a lease, completed; or stopped, handed back, retried or failed.
 */
class ExportWorkTest {

  private static final String ENTERPRISE = "ent_test";

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir Path archiveDir;
  @TempDir Path spool;

  private final Clock clock = Clock.systemUTC();
  private MongoDatabase db;
  private MongoExportJobStore jobs;
  private FilesystemArchiveStore archives;
  private String userId;
  private ExportWork work;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp() {
    db = mongo.freshDatabase();
    jobs = new MongoExportJobStore(db, new JobEvents("/dataexport/test"), OutboxListener.NONE);
    jobs.createIndexes();
    archives =
        new FilesystemArchiveStore(
            archiveDir, new DownloadLinks(URI.create("http://localhost"), null, clock), null);
    userId = UUID.randomUUID().toString();
    db.getCollection("users").insertOne(new Document("_id", userId).append("email", "u@x.io"));
    db.getCollection("sessions")
        .insertOne(
            new Document("_id", "ses_1")
                .append("user_id", userId)
                .append("title", "t")
                .append("created_at", Date.from(Instant.now().minusSeconds(60))));
    work = workWith(archives, settings(3));
  }

  @AfterEach
  void closeWork() {
    work.close();
  }

  @Test
  void aRequestedExportIsClaimedRunAndCompletedWithItsArchiveAndProgress() {
    ExportJob job = create();

    Outcome outcome = work.run(requested(job), () -> false);

    assertThat(outcome).isEqualTo(Outcome.done());
    ExportJob done = jobs.find(job.uid()).orElseThrow();
    assertThat(done.status()).isEqualTo(ExportStatus.EXPORT_STATUS_COMPLETED);
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.lease()).as("a finished job holds no lease").isNull();
    Path archive =
        archiveDir.resolve(ArchiveLayout.objectName(JobKind.USER_DATA, ENTERPRISE, job.uid(), 1));
    assertThat(archive).exists();
    assertThat(done.archive().sizeBytes()).isEqualTo(archive.toFile().length());
    assertThat(done.archive().expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(29)));
  }

  @Test
  void anEnterprisesOwnRetentionDecidesWhenItsArchiveExpires() {
    db.getCollection("enterprises")
        .insertOne(new Document("_id", ENTERPRISE).append("archive_retention_days", 7));
    ExportJob job = create();

    work.run(requested(job), () -> false);

    Instant expires = jobs.find(job.uid()).orElseThrow().archive().expiresAt();
    assertThat(expires)
        .isBetween(
            Instant.now().plus(Duration.ofDays(7)).minusSeconds(60),
            Instant.now().plus(Duration.ofDays(7)));
  }

  @Test
  void aRepeatedRequestFindsNothingPendingAndIsDone() {
    ExportJob job = create();
    work.run(requested(job), () -> false);

    assertThat(work.run(requested(job), () -> false)).isEqualTo(Outcome.done());
    assertThat(jobs.find(job.uid()).orElseThrow().attempt()).isEqualTo(1);
  }

  @Test
  void aRequestWhileTheUsersExportRunsElsewhereIsTriedAgainLater() {
    ExportJob running = create();
    ExportJob next = create();
    Instant now = Instant.now();
    jobs.claimNext(
        ExportSubject.user(ENTERPRISE, userId), "other-worker", now.plusSeconds(60), now);

    Outcome outcome = work.run(requested(next), () -> false);

    assertThat(outcome).isInstanceOf(Outcome.RetryAfter.class);
    assertThat(jobs.find(next.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
    assertThat(jobs.find(running.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_PROCESSING);
  }

  @Test
  void anUnreadableRequestGoesToTheDeadLetterTopic() {
    ConsumerRecord<String, String> garbage =
        new ConsumerRecord<>("requests", 0, 0, ENTERPRISE + "/" + userId, "{not json");

    assertThat(work.run(garbage, () -> false)).isInstanceOf(Outcome.DeadLetter.class);
  }

  @Test
  void atShutdownTheRunningExportIsHandedBackToPendingWithItsRequestAgain() throws IOException {
    ExportJob job = create();
    // the stop comes once the export runs: its claim went through, its first checkpoint stops it
    StopSignal stopOnceRunning =
        () -> jobs.find(job.uid()).orElseThrow().status() == ExportStatus.EXPORT_STATUS_PROCESSING;

    Outcome outcome = work.run(requested(job), stopOnceRunning);

    assertThat(outcome).isEqualTo(Outcome.done());
    ExportJob released = jobs.find(job.uid()).orElseThrow();
    assertThat(released.status()).isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
    assertThat(released.failedAttempts()).as("a hand-back is not a failed attempt").isEmpty();
    assertThat(StoredJobs.outbox(db, job.uid()))
        .extracting(m -> m.topic())
        .contains(OutboxTopic.EXPORT_REQUESTED);
    assertThat(filesUnder(archiveDir)).isEmpty();
  }

  @Test
  void anExportCancelledWhileItRunsEndsCancelledWithNoArchiveLeft() throws Exception {
    seedManySessions(3000);
    ExportJob job = create();
    // the claim happens inside run; the cancel comes at the export's first checkpoint after it,
    // from the running thread itself, so it cannot come too late however loaded the machine is
    boolean[] cancelled = {false};
    StopSignal cancelOnceRunning =
        () -> {
          if (!cancelled[0]
              && jobs.find(job.uid()).orElseThrow().status()
                  == ExportStatus.EXPORT_STATUS_PROCESSING) {
            jobs.cancel(job.uid(), "key_admin", "opened by mistake", Instant.now());
            cancelled[0] = true;
          }
          return false;
        };

    work.run(requested(job), cancelOnceRunning);

    assertThat(cancelled[0]).as("cancelled while it ran").isTrue();
    assertThat(jobs.find(job.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_CANCELLED);
    assertThat(filesUnder(archiveDir)).as("no archive and no partial upload").isEmpty();
  }

  @Test
  void aPassingFailureSendsTheJobBackToPendingAndIsRetriedUntilTheLastAttemptFails() {
    work.close();
    work = workWith(failingStore(new SocketException("connection reset")), settings(2));
    ExportJob job = create();

    Outcome first = work.run(requested(job), () -> false);

    assertThat(first).isInstanceOf(Outcome.RetryAfter.class);
    ExportJob afterFirst = jobs.find(job.uid()).orElseThrow();
    assertThat(afterFirst.status()).isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
    assertThat(afterFirst.failedAttempts()).hasSize(1);
    assertThat(afterFirst.failedAttempts().get(0).reason()).contains("SocketException");

    Outcome second = work.run(requested(job), () -> false);

    assertThat(second).isEqualTo(Outcome.done());
    ExportJob failed = jobs.find(job.uid()).orElseThrow();
    assertThat(failed.status()).isEqualTo(ExportStatus.EXPORT_STATUS_FAILED);
    assertThat(failed.attempt()).isEqualTo(2);
    assertThat(failed.failure().code()).isEqualTo("unavailable");
  }

  @Test
  void aLastingFailureFailsTheJobAtOnceWithoutItsDetails() {
    work.close();
    work = workWith(failingStore(new IllegalStateException("secret detail")), settings(3));
    ExportJob job = create();

    assertThat(work.run(requested(job), () -> false)).isEqualTo(Outcome.done());

    ExportJob failed = jobs.find(job.uid()).orElseThrow();
    assertThat(failed.status()).isEqualTo(ExportStatus.EXPORT_STATUS_FAILED);
    assertThat(failed.attempt()).isEqualTo(1);
    assertThat(failed.failure().code()).isEqualTo("internal");
    assertThat(failed.failure().message()).doesNotContain("secret detail");
  }

  // --- fixtures

  /** A new export of the user; each differs in its time window, so none repeats another. */
  private ExportJob create() {
    ExportJob job =
        ExportJobs.aPendingJob()
            .forEnterprise(ENTERPRISE)
            .forUser(userId)
            .createdAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .between(
                null, Instant.parse("2030-01-01T00:00:00Z").plusSeconds(requests.incrementAndGet()))
            .build();
    return jobs.create(job, new CreateOptions(null, 10)).job();
  }

  /** Enough sessions that writing them takes a while: a cancel lands mid-export. */
  private void seedManySessions(int count) {
    List<Document> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sessions.add(
          new Document("_id", "ses_many_" + i)
              .append("user_id", userId)
              .append("title", "session " + i)
              .append("created_at", Date.from(Instant.now().minusSeconds(600))));
    }
    db.getCollection("sessions").insertMany(sessions);
  }

  private ConsumerRecord<String, String> requested(ExportJob job) {
    ExportRequested event =
        ExportRequested.of(job.subject(), job.uid(), job.requestId(), job.createdAt());
    return new ConsumerRecord<>("requests", 0, 0, event.key(), EventJson.write(event));
  }

  private WorkerProperties settings(int maxAttempts) {
    return new WorkerProperties(
        "worker-under-test",
        2,
        1,
        100,
        Duration.ofSeconds(30),
        Duration.ofMillis(10),
        maxAttempts,
        Duration.ofMillis(10),
        Duration.ofMillis(100),
        Duration.ofMillis(50),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        Duration.ofSeconds(30),
        1000,
        20_000,
        1000,
        spool);
  }

  private ExportWork workWith(ArchiveStore store, WorkerProperties settings) {
    UserDataReader userData =
        new UserDataReader(db, new FilesystemSourceBucket(spool.resolve("no-files")), 20_000);
    return ExportWork.create(
        jobs,
        new ExportArchiveWriter(userData, 1000, spool, clock),
        WorkspaceSections.writer(db, jobs, userData, 1000, spool, clock),
        store,
        new MongoUserCatalog(db),
        Duration.ofDays(30),
        settings,
        new ExportMetrics(new SimpleMeterRegistry(), new MongoUserCatalog(db)),
        clock,
        ExportTracing.NONE);
  }

  /** An archive store whose uploads fail the way a given outage or bug makes them fail. */
  private static ArchiveStore failingStore(Exception failure) {
    return new ArchiveStore() {
      @Override
      public ArchiveUpload beginUpload(String objectName) throws IOException {
        if (failure instanceof IOException io) {
          throw io;
        }
        throw (RuntimeException) failure;
      }

      @Override
      public SignedLink sign(String objectName, Duration validity) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean exists(String objectName) {
        return false;
      }

      @Override
      public java.io.InputStream read(String objectName) throws IOException {
        throw new java.nio.file.NoSuchFileException(objectName);
      }

      @Override
      public void delete(String objectName) {}

      @Override
      public void deleteAbandonedUploads(Instant idleSince) {}

      @Override
      public void checkReachable() {}
    };
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }
}
