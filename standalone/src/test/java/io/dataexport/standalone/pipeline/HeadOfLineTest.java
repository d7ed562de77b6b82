package io.dataexport.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.EmbeddedStack;
import io.dataexport.standalone.StackFacts;
import io.dataexport.standalone.StackSettings;
import io.dataexport.standalone.pipeline.Api.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * No head-of-line blocking: with the whole requests topic in ONE partition, a long export does not
 * hold up the short exports of other users queued behind it in that partition; they run beside it
 * and take about the time they take alone.
 */
class HeadOfLineTest {

  private static final String SCOPE = "ENTERPRISE_EXPORT_SCOPE_FULL";
  private static final String LONG_USER = SourceData.userId("head-of-line/long");
  private static final List<String> SHORT_USERS =
      List.of(
          SourceData.userId("head-of-line/short-1"),
          SourceData.userId("head-of-line/short-2"),
          SourceData.userId("head-of-line/short-3"));

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static Api api;

  @BeforeAll
  static void startStack() throws IOException {
    stack =
        EmbeddedStack.start(
            new StackSettings(
                data,
                0,
                0,
                0,
                0,
                Map.of(
                    "dataexport.kafka.partitions", "1",
                    "dataexport.worker.max-concurrent-exports", "4",
                    "dataexport.worker.max-concurrent-per-enterprise", "4")));
    StackFacts facts = stack.facts();
    api = new Api(facts.baseUrl(), facts.apiKey());
    try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
      SourceData source =
          new SourceData(client.getDatabase(facts.mongodbDatabase()), data.resolve("source-files"));
      source.user(LONG_USER, DemoData.ENTERPRISE_UID);
      // several seconds of export: thousands of sessions with their conversations
      source.sessions(LONG_USER, 16000, 12, 200);
      for (String user : SHORT_USERS) {
        source.user(user, DemoData.ENTERPRISE_UID);
        List<String> sessions = source.sessions(user, 5, 4, 200);
        source.files(user, sessions.get(0), 2, 2048);
      }
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shortExportsQueuedBehindALongOneInItsPartitionRunBesideIt() throws Exception {
    assertThat(partitionsOfRequestsTopic()).as("the requests topic's partitions").isEqualTo(1);

    // alone: the same short export with nothing else running (after a warm-up run of each)
    for (String user : SHORT_USERS) {
      runToCompletion(user, "warm-up");
    }
    List<Duration> alone = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alone.add(Api.runTime(runToCompletion(SHORT_USERS.get(i), "alone " + i)));
    }
    Duration aloneTime = median(alone);
    // and the three side by side with no long export: what the machine's cores alone cost them
    List<Duration> together = runSideBySide("together").stream().map(Api::runTime).toList();

    String longUid = created(api.create(LONG_USER, SCOPE, "long export", null));
    long longStart = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> api.status(longUid), "EXPORT_STATUS_PROCESSING"::equals);

    // queued behind the long export's request, in the same (only) partition
    List<JsonNode> shortRecords = runSideBySide("beside the long one");
    String longStatusThen = api.status(longUid);
    double longSecondsThen = (System.nanoTime() - longStart) / 1e9;

    JsonNode longRecord =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> api.record(longUid), r -> isTerminal(r.get("status").asString()));

    List<Duration> beside = shortRecords.stream().map(Api::runTime).toList();
    Duration worstBeside = beside.stream().max(Duration::compareTo).orElseThrow();
    System.out.printf(
        "HeadOfLineTest: short export alone %d ms (median of %s), three side by side %s ms,"
            + " beside the long one %s ms (worst %d ms, %.2fx alone); long export %d ms, %s when"
            + " the short ones were done (%.1f s after it was created)%n",
        aloneTime.toMillis(),
        alone.stream().map(Duration::toMillis).toList(),
        together.stream().map(Duration::toMillis).toList(),
        beside.stream().map(Duration::toMillis).toList(),
        worstBeside.toMillis(),
        (double) worstBeside.toMillis() / Math.max(1, aloneTime.toMillis()),
        Api.runTime(longRecord).toMillis(),
        longStatusThen,
        longSecondsThen);

    assertThat(longStatusThen)
        .as("the long export still runs when the short ones queued behind it are done")
        .isEqualTo("EXPORT_STATUS_PROCESSING");
    assertThat(longRecord.get("status").asString()).isEqualTo("EXPORT_STATUS_COMPLETED");
    // against the slower of alone and side by side: three short exports share two cores either way
    Duration baseline = Collections.max(List.of(aloneTime, Collections.max(together)));
    assertThat(worstBeside)
        .as("a short export beside the long one takes about its time alone (%s)", baseline)
        .isLessThanOrEqualTo(baseline.multipliedBy(3).plusSeconds(2));
  }

  /** One short export of each short user, created together; their records once all COMPLETED. */
  private static List<JsonNode> runSideBySide(String reason) {
    List<String> uids = new ArrayList<>();
    for (String user : SHORT_USERS) {
      uids.add(created(api.create(user, SCOPE, reason, null)));
    }
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> uids.stream().map(api::record).toList(),
            records ->
                records.stream()
                    .allMatch(r -> r.get("status").asString().equals("EXPORT_STATUS_COMPLETED")));
  }

  private static JsonNode runToCompletion(String userId, String reason) {
    String uid = created(api.create(userId, SCOPE, reason, null));
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> api.record(uid), r -> isTerminal(r.get("status").asString()));
  }

  private static String created(Answer answer) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.uid();
  }

  private static boolean isTerminal(String status) {
    return status.equals("EXPORT_STATUS_COMPLETED")
        || status.equals("EXPORT_STATUS_FAILED")
        || status.equals("EXPORT_STATUS_CANCELLED");
  }

  private static Duration median(List<Duration> durations) {
    return durations.stream().sorted().toList().get(durations.size() / 2);
  }

  private static int partitionsOfRequestsTopic() throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.facts().kafkaBootstrapServers());
    try (Admin admin = Admin.create(p)) {
      String topic = stack.facts().topics().exportRequested();
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }
}
