package io.dataexport.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.EmbeddedStack;
import io.dataexport.standalone.StackFacts;
import io.dataexport.standalone.StackSettings;
import io.dataexport.standalone.pipeline.Api.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Tenants are served fairly: while enterprise A has a backlog of ~150 exports, enterprise B's one
 * small export runs at once in a slot A may not take (A holds at most its per-enterprise share of
 * the worker), and finishes in about its time alone, long before A's backlog is done.
 */
class FairnessTest {

  private static final String ENTERPRISE_A = DemoData.ENTERPRISE_UID;
  private static final String ENTERPRISE_B = "ent_fairness_b";
  private static final int USERS_OF_A = 50;
  private static final List<String> SCOPES_OF_A =
      List.of(
          "ENTERPRISE_EXPORT_SCOPE_FULL",
          "ENTERPRISE_EXPORT_SCOPE_TASKS",
          "ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS");
  private static final String USER_OF_B = SourceData.userId("fairness/b");
  private static final int MAX_CONCURRENT = 4;

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static Api apiOfA;
  private static Api apiOfB;
  private static MongoClient mongo;
  private static final List<String> usersOfA = new ArrayList<>();

  @BeforeAll
  static void startStack() throws IOException {
    // the per-enterprise cap is left at its default: half of the worker's exports
    stack =
        EmbeddedStack.start(
            new StackSettings(
                data,
                0,
                0,
                0,
                0,
                Map.of(
                    "dataexport.worker.max-concurrent-exports", Integer.toString(MAX_CONCURRENT))));
    StackFacts facts = stack.facts();
    mongo = MongoClients.create(facts.mongodbUri());
    SourceData source =
        new SourceData(mongo.getDatabase(facts.mongodbDatabase()), data.resolve("source-files"));
    long seeding = System.nanoTime();
    for (int i = 0; i < USERS_OF_A; i++) {
      String user = SourceData.userId("fairness/a/" + i);
      usersOfA.add(user);
      source.user(user, ENTERPRISE_A);
      source.sessions(user, 200, 10, 200);
    }
    source.enterprise(ENTERPRISE_B, "Initech");
    source.user(USER_OF_B, ENTERPRISE_B);
    source.sessions(USER_OF_B, 5, 4, 200);
    System.out.printf(
        "FairnessTest: source data seeded in %d ms%n", (System.nanoTime() - seeding) / 1_000_000);
    apiOfA = new Api(facts.baseUrl(), facts.apiKey());
    apiOfB = new Api(facts.baseUrl(), source.adminKey(ENTERPRISE_B));
  }

  @AfterAll
  static void stopStack() {
    if (mongo != null) {
      mongo.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anotherEnterprisesExportIsNotQueuedBehindABacklog() throws Exception {
    // B's export alone, after a warm-up of the whole path
    runToEnd(apiOfB, "warm-up");
    List<Duration> alone = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alone.add(Api.runTime(runToEnd(apiOfB, "alone " + i)));
    }
    Duration bAlone = alone.stream().sorted().toList().get(1);

    MongoCollection<Document> jobs =
        mongo.getDatabase(stack.facts().mongodbDatabase()).getCollection("export_jobs");
    AtomicLong maxRunningOfA = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                long running =
                    jobs.countDocuments(
                        Filters.and(
                            Filters.eq("enterprise_uid", ENTERPRISE_A),
                            Filters.eq("status", "EXPORT_STATUS_PROCESSING")));
                maxRunningOfA.accumulateAndGet(running, Math::max);
                sleepQuietly(50);
              }
            },
            "running-sampler");
    sampler.setDaemon(true);
    sampler.start();

    // A's backlog: three different exports of each of its 50 users, created concurrently
    long queueing = System.nanoTime();
    List<String> backlog = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (String scope : SCOPES_OF_A) {
        for (String user : usersOfA) {
          answers.add(clients.submit(() -> apiOfA.create(user, scope, "backlog", null)));
        }
      }
      for (Future<Answer> answer : answers) {
        backlog.add(created(answer.get()));
      }
    } finally {
      clients.shutdown();
      clients.awaitTermination(10, TimeUnit.SECONDS);
    }
    long queuedMillis = (System.nanoTime() - queueing) / 1_000_000;

    String bUid = created(apiOfB.create(USER_OF_B, "ENTERPRISE_EXPORT_SCOPE_FULL", "beside", null));
    JsonNode bRecord = awaitEnd(apiOfB, bUid, Duration.ofSeconds(60));
    long unfinishedOfA = unfinished(jobs);
    Duration bBeside = Api.runTime(bRecord);

    Instant lastOfA =
        await()
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> lastFinished(jobs, backlog), last -> last != null);
    sampling.set(false);
    sampler.join();
    long completedOfA =
        jobs.countDocuments(
            Filters.and(
                Filters.in("_id", backlog), Filters.eq("status", "EXPORT_STATUS_COMPLETED")));
    Instant firstOfA = Instant.parse(apiOfA.record(backlog.get(0)).get("created_at").asString());

    System.out.printf(
        "FairnessTest: B's export alone %d ms (%s), beside A's backlog %d ms (%.2fx alone);"
            + " A's %d exports queued in %d ms, %d of them unfinished when B's was done,"
            + " all done %.1f s after the first was created (%d completed);"
            + " most of A's exports running at once %d (worker runs %d)%n",
        bAlone.toMillis(),
        alone.stream().map(Duration::toMillis).toList(),
        bBeside.toMillis(),
        (double) bBeside.toMillis() / Math.max(1, bAlone.toMillis()),
        backlog.size(),
        queuedMillis,
        unfinishedOfA,
        Duration.between(firstOfA, lastOfA).toMillis() / 1000.0,
        completedOfA,
        maxRunningOfA.get(),
        MAX_CONCURRENT);

    assertThat(bRecord.get("status").asString()).isEqualTo("EXPORT_STATUS_COMPLETED");
    assertThat(bBeside)
        .as("B's export beside A's backlog, against its time alone (%s)", bAlone)
        .isLessThanOrEqualTo(bAlone.multipliedBy(3).plusSeconds(3));
    assertThat(unfinishedOfA)
        .as("A's exports still to do when B's was done")
        .isGreaterThanOrEqualTo(backlog.size() / 3);
    assertThat(completedOfA).isEqualTo(backlog.size());
    assertThat(maxRunningOfA.get())
        .as("A's exports running at once: at most its per-enterprise share")
        .isBetween(1L, (long) MAX_CONCURRENT / 2);
  }

  private static JsonNode runToEnd(Api api, String reason) {
    String uid = created(api.create(USER_OF_B, "ENTERPRISE_EXPORT_SCOPE_FULL", reason, null));
    return awaitEnd(api, uid, Duration.ofSeconds(60));
  }

  private static JsonNode awaitEnd(Api api, String uid, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> api.record(uid),
            r ->
                !r.get("status").asString().equals("EXPORT_STATUS_PENDING")
                    && !r.get("status").asString().equals("EXPORT_STATUS_PROCESSING"));
  }

  private static long unfinished(MongoCollection<Document> jobs) {
    return jobs.countDocuments(
        Filters.and(
            Filters.eq("enterprise_uid", ENTERPRISE_A),
            Filters.in("status", "EXPORT_STATUS_PENDING", "EXPORT_STATUS_PROCESSING")));
  }

  /** When the last of the jobs finished, or null while one has not. */
  private static Instant lastFinished(MongoCollection<Document> jobs, List<String> uids) {
    Instant last = Instant.MIN;
    for (Document job : jobs.find(Filters.in("_id", uids))) {
      if (job.getDate("finished_at") == null) {
        return null;
      }
      Instant finished = job.getDate("finished_at").toInstant();
      last = finished.isAfter(last) ? finished : last;
    }
    return last;
  }

  private static String created(Answer answer) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.uid();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis); // the sampler's period, not a wait for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
