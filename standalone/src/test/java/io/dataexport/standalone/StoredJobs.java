package io.dataexport.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJobStore.Claim;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.outbox.OutboxListener;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Jobs written straight into the running stack's job store, through the store itself, for the
 * states the API cannot be made to hold still: a PENDING job with no event behind it (no worker
 * ever runs it), or many finished jobs at chosen creation times.
 */
final class StoredJobs {

  private static final String TEST_WORKER = "standalone-test";

  private StoredJobs() {}

  static String insertPending(
      StackFacts facts, String enterpriseUid, String userId, Instant createdAt) {
    ExportJob job = aFullExport(enterpriseUid, userId, createdAt).build();
    withDatabase(facts, database -> io.dataexport.export.mongo.StoredJobs.put(database, job));
    return job.uid();
  }

  /** A FAILED job: finished, and with no archive to keep. */
  static String insertFailed(
      StackFacts facts, String enterpriseUid, String userId, Instant createdAt) {
    ExportJob job =
        aFullExport(enterpriseUid, userId, createdAt)
            .status(ExportStatus.EXPORT_STATUS_FAILED)
            .finishedAt(createdAt)
            .failure("internal", "inserted by a test")
            .build();
    withDatabase(facts, database -> io.dataexport.export.mongo.StoredJobs.put(database, job));
    return job.uid();
  }

  /**
   * A PROCESSING job claimed by a worker that is only this test, under a long lease: it holds the
   * user's one slot, so no worker starts another export of theirs until {@link #release} ends it.
   */
  static String insertProcessing(StackFacts facts, String enterpriseUid, String userId) {
    ExportJob job = aFullExport(enterpriseUid, userId, Instant.now()).build();
    Instant now = Instant.now();
    withStore(
        facts,
        store -> {
          store.create(job, new CreateOptions(null, 100));
          Claim claim =
              store.claimNext(
                  ExportSubject.user(enterpriseUid, userId),
                  TEST_WORKER,
                  now.plus(Duration.ofHours(1)),
                  now);
          // the claim takes the user's oldest PENDING export: it must be this one
          if (!(claim instanceof Claim.Claimed claimed && claimed.job().uid().equals(job.uid()))) {
            throw new IllegalStateException(
                "user " + userId + " had other exports pending or running: " + claim);
          }
        });
    return job.uid();
  }

  /**
   * A PROCESSING workspace export of {@code enterpriseUid} claimed by this test under a long lease:
   * it is the enterprise's one active workspace export until {@link #release} ends it.
   */
  static String insertProcessingWorkspace(StackFacts facts, String enterpriseUid) {
    Instant now = Instant.now();
    ExportJob job =
        ExportJob.pendingWorkspace(
            "exp_" + UUID.randomUUID().toString().replace("-", ""),
            enterpriseUid,
            "held by a test",
            null,
            null,
            now);
    withStore(
        facts,
        store -> {
          store.create(job, new CreateOptions(null, 1));
          Claim claim =
              store.claimNext(
                  ExportSubject.workspace(enterpriseUid),
                  TEST_WORKER,
                  now.plus(Duration.ofHours(1)),
                  now);
          if (!(claim instanceof Claim.Claimed claimed && claimed.job().uid().equals(job.uid()))) {
            throw new IllegalStateException(
                "enterprise " + enterpriseUid + " had a workspace export running: " + claim);
          }
        });
    return job.uid();
  }

  static void release(StackFacts facts, String uid) {
    withStore(
        facts,
        store ->
            store.fail(
                store.find(uid).orElseThrow(),
                new Failure("internal", "released by a test"),
                Instant.now()));
  }

  static ExportStatus statusOf(StackFacts facts, String uid) {
    try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
      return store(client.getDatabase(facts.mongodbDatabase())).find(uid).orElseThrow().status();
    }
  }

  /** A FULL export of the user with a uid of the API's shape, created at {@code createdAt}. */
  private static ExportJobs.Builder aFullExport(
      String enterpriseUid, String userId, Instant createdAt) {
    return ExportJobs.aPendingJob()
        .uid("exp_" + UUID.randomUUID().toString().replace("-", ""))
        .forEnterprise(enterpriseUid)
        .forUser(userId)
        .scope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
        .createdAt(createdAt);
  }

  private static void withStore(StackFacts facts, Consumer<MongoExportJobStore> action) {
    withDatabase(facts, database -> action.accept(store(database)));
  }

  private static void withDatabase(StackFacts facts, Consumer<MongoDatabase> action) {
    try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
      action.accept(client.getDatabase(facts.mongodbDatabase()));
    }
  }

  /** The store as a test uses it: what it announces is left in the outbox for the stack's relay. */
  private static MongoExportJobStore store(MongoDatabase database) {
    return new MongoExportJobStore(
        database, new JobEvents("/dataexport/standalone-test"), OutboxListener.NONE);
  }
}
