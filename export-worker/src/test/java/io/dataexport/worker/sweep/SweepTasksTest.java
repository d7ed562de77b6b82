package io.dataexport.worker.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The worker's repairs, each on its own, against the MongoDB-wire server and a directory. */
class SweepTasksTest {

  private static final Instant T0 = ExportJobs.T0;

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir Path archiveDir;
  @TempDir Path spool;

  private final MutableClock clock = new MutableClock(T0);
  private MongoExportJobStore jobs;
  private FilesystemArchiveStore archives;

  @BeforeEach
  void setUp() {
    MongoDatabase db = mongo.freshDatabase();
    jobs = new MongoExportJobStore(db, new JobEvents("/dataexport/test"), OutboxListener.NONE);
    jobs.createIndexes();
    archives =
        new FilesystemArchiveStore(
            archiveDir, new DownloadLinks(URI.create("http://localhost"), null, clock), null);
  }

  @Test
  void aLapsedLeaseSendsTheJobBackToPendingAndDeletesWhatItsAttemptLeftInTheStore()
      throws IOException {
    ExportJob running = claimed("worker-dead", Duration.ofSeconds(30));
    Path leftover =
        write(
            ArchiveLayout.objectName(running.kind(), running.enterpriseUid(), running.uid(), 1),
            "half");
    ExportJob stillAlive = claimedForAnotherUser("worker-alive", Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(1));

    new LeaseExpiry(jobs, archives, 3, clock).run();

    ExportJob after = jobs.find(running.uid()).orElseThrow();
    assertThat(after.status()).isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
    assertThat(after.failedAttempts())
        .singleElement()
        .satisfies(a -> assertThat(a.workerId()).isEqualTo("worker-dead"));
    assertThat(leftover).doesNotExist();
    assertThat(jobs.find(stillAlive.uid()).orElseThrow().status())
        .isEqualTo(ExportStatus.EXPORT_STATUS_PROCESSING);
  }

  @Test
  void anExpiredArchiveIsDeletedUnlessALegalHoldKeepsIt() throws IOException {
    ExportJob expiring = completed("usr_1", Duration.ofDays(1));
    ExportJob held = completed("usr_2", Duration.ofDays(1));
    ExportJob kept = completed("usr_3", Duration.ofDays(60));
    jobs.setLegalHold(held.uid(), true, "key_admin", "litigation", clock.instant());
    clock.advance(Duration.ofDays(2));

    new ArchiveRetention(jobs, archives, clock).run();

    assertThat(archiveDir.resolve(expiring.archive().objectName())).doesNotExist();
    assertThat(jobs.find(expiring.uid()).orElseThrow().archive().deletedAt())
        .isEqualTo(clock.instant());
    assertThat(archiveDir.resolve(held.archive().objectName())).exists();
    assertThat(archiveDir.resolve(kept.archive().objectName())).exists();
  }

  @Test
  void uploadsAndSpoolDirectoriesNothingWroteToForAWhileAreDeletedAndFreshOnesStay()
      throws IOException {
    Instant now = Instant.now();
    Path oldUpload = archiveDir.resolve("exports/ent/.upload-1.part");
    Path freshUpload = archiveDir.resolve("exports/ent/.upload-2.part");
    Path archive = archiveDir.resolve("exports/ent/exp_1-1.zip");
    Path oldSpool = spool.resolve("exp_old-1/session_info.json");
    Path freshSpool = spool.resolve("exp_new-1/session_info.json");
    for (Path file : new Path[] {oldUpload, freshUpload, archive, oldSpool, freshSpool}) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "x");
    }
    FileTime longAgo = FileTime.from(now.minus(Duration.ofHours(2)));
    for (Path path : new Path[] {oldUpload, archive, oldSpool, oldSpool.getParent()}) {
      Files.setLastModifiedTime(path, longAgo);
    }

    new AbandonedFiles(archives, spool, Duration.ofHours(1), java.time.Clock.systemUTC()).run();

    assertThat(oldUpload).doesNotExist();
    assertThat(oldSpool.getParent()).doesNotExist();
    assertThat(freshUpload).exists();
    assertThat(freshSpool).exists();
    assertThat(archive).as("a committed archive is never an abandoned upload").exists();
  }

  // --- fixtures

  private ExportJob claimed(String workerId, Duration lease) {
    ExportJob job = ExportJobs.aPendingJob().forUser("usr_lapsed").build();
    jobs.create(job, new CreateOptions(null, 5));
    return claim(job, workerId, lease);
  }

  private ExportJob claimedForAnotherUser(String workerId, Duration lease) {
    ExportJob job = ExportJobs.aPendingJob().forUser("usr_alive").build();
    jobs.create(job, new CreateOptions(null, 5));
    return claim(job, workerId, lease);
  }

  private ExportJob claim(ExportJob job, String workerId, Duration lease) {
    Instant now = clock.instant();
    jobs.claimNext(
        ExportSubject.user(job.enterpriseUid(), job.userId()), workerId, now.plus(lease), now);
    return jobs.find(job.uid()).orElseThrow();
  }

  private ExportJob completed(String userId, Duration retention) throws IOException {
    ExportJob job = ExportJobs.aPendingJob().forUser(userId).build();
    jobs.create(job, new CreateOptions(null, 5));
    ExportJob running = claim(job, "worker", Duration.ofMinutes(1));
    String objectName = ArchiveLayout.objectName(job.kind(), job.enterpriseUid(), job.uid(), 1);
    write(objectName, "zip");
    return jobs.complete(
        running,
        new ArchiveRef(objectName, 3, "abc", clock.instant().plus(retention)),
        clock.instant());
  }

  private Path write(String objectName, String content) throws IOException {
    Path file = archiveDir.resolve(objectName);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
