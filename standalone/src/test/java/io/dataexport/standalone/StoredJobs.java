package io.dataexport.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.mongo.MongoExportJobStore;
import java.time.Instant;
import java.util.UUID;

/**
 * Jobs written straight into the running stack's job store, through the store itself, for the
 * states the API cannot be made to hold still: a PENDING job with no event behind it (no worker
 * ever runs it), or many finished jobs at chosen creation times.
 */
final class StoredJobs {

  private StoredJobs() {}

  static String insertPending(
      StackFacts facts, String enterpriseUid, String userId, Instant createdAt) {
    String uid = "exp_" + UUID.randomUUID().toString().replace("-", "");
    ExportJob job =
        ExportJobs.aPendingJob()
            .uid(uid)
            .forEnterprise(enterpriseUid)
            .forUser(userId)
            .scope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
            .createdAt(createdAt)
            .build();
    withStore(facts, store -> store.insert(job));
    return uid;
  }

  /** A FAILED job: finished, and with no archive to keep. */
  static String insertFailed(
      StackFacts facts, String enterpriseUid, String userId, Instant createdAt) {
    String uid = insertPending(facts, enterpriseUid, userId, createdAt);
    withStore(facts, store -> store.markFailed(uid, "inserted by a test", createdAt));
    return uid;
  }

  /**
   * A PROCESSING job with a fresh heartbeat: it holds the user's one slot, so no worker starts
   * another export of theirs until {@link #release} ends it.
   */
  static String insertProcessing(StackFacts facts, String enterpriseUid, String userId) {
    String uid = insertPending(facts, enterpriseUid, userId, Instant.now());
    withStore(facts, store -> store.markProcessing(uid, Instant.now()));
    return uid;
  }

  static void release(StackFacts facts, String uid) {
    withStore(facts, store -> store.markFailed(uid, "released by a test", Instant.now()));
  }

  static ExportStatus statusOf(StackFacts facts, String uid) {
    try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
      return new MongoExportJobStore(client.getDatabase(facts.mongodbDatabase()))
          .find(uid)
          .orElseThrow()
          .status();
    }
  }

  private static void withStore(
      StackFacts facts, java.util.function.Consumer<MongoExportJobStore> action) {
    try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
      action.accept(new MongoExportJobStore(client.getDatabase(facts.mongodbDatabase())));
    }
  }
}
