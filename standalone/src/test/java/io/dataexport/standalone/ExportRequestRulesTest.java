package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static io.dataexport.standalone.RpcWire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.CatalogFixtures;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.standalone.RpcWire.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules about which export a create answers, on the real stack over HTTP: an identical request
 * while the user's export is pending or processing answers that export; an Idempotency-Key answers
 * the export it created, and only for the same request; a user has at most five exports pending or
 * processing; and what the records tell of a running export and of a legal hold.
 *
 * <p>Each test exports a member of the demo enterprise of its own, so no test's exports count
 * against another's user. Where a user's exports must stay PENDING or PROCESSING while the test
 * looks, {@link StoredJobs#insertProcessing} holds the user's one processing slot under a test
 * worker, and {@link StoredJobs#release} lets the real worker go on.
 */
class ExportRequestRulesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TASKS = "ENTERPRISE_EXPORT_SCOPE_TASKS";
  private static final String FULL = "ENTERPRISE_EXPORT_SCOPE_FULL";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static MongoClient mongo;
  private static MongoDatabase db;
  private static String otherEnterpriseKey;

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    mongo = MongoClients.create(stack.facts().mongodbUri());
    db = mongo.getDatabase(stack.facts().mongodbDatabase());
    otherEnterpriseKey =
        new ApiKeyStore(db)
            .issue(DemoData.OTHER_ENTERPRISE_UID, Role.ADMIN, "other tenant", Instant.now())
            .apiKey();
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

  /** The two JSON protocols; the answers are read alike, but Connect leaves out defaults. */
  enum Protocol {
    V2_JSON,
    CONNECT_JSON;

    String path(String connectName, String v2Name) {
      return this == V2_JSON ? "/v2/" + v2Name : RpcWire.CONNECT_PATH + connectName;
    }
  }

  // ---- calls ----

  private static Reply call(
      Protocol protocol,
      String connectName,
      String v2Name,
      String body,
      String apiKey,
      String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(stack.facts().baseUrl() + protocol.path(connectName, v2Name)))
            .header("Content-Type", "application/json")
            .header("X-API-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(utf8(body)));
    if (idempotencyKey != null) {
      request.header(IDEMPOTENCY_KEY, idempotencyKey);
    }
    try {
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Reply create(Protocol protocol, String body, String idempotencyKey) {
    return call(
        protocol,
        "CreateExport",
        "enterprise.export.create",
        body,
        stack.facts().apiKey(),
        idempotencyKey);
  }

  private static Reply create(Protocol protocol, String body) {
    return create(protocol, body, null);
  }

  /** What a successful create answered. */
  record Created(String uid, String status, boolean deduped, JsonNode body) {}

  private static Created created(Reply reply) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode body = reply.json();
    return new Created(
        body.get("uid").asString(), body.get("status").asString(), flag(body, "deduped"), body);
  }

  /** A boolean field of an answer: /v2 prints false, Connect JSON leaves it out. */
  private static boolean flag(JsonNode node, String field) {
    return node.has(field) && node.get(field).asBoolean();
  }

  private static JsonNode detail(String uid) {
    return detail(uid, stack.facts().apiKey());
  }

  private static JsonNode detail(String uid, String apiKey) {
    Reply reply =
        call(
            Protocol.V2_JSON,
            "GetExport",
            "enterprise.export.detail",
            json("uid", uid),
            apiKey,
            null);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply.json().get("record");
  }

  private static JsonNode awaitCompleted(String uid) {
    return awaitCompleted(uid, stack.facts().apiKey());
  }

  private static JsonNode awaitCompleted(String uid, String apiKey) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> detail(uid, apiKey),
            record -> record.get("status").asString().equals("EXPORT_STATUS_COMPLETED"));
  }

  /** A member of the demo enterprise that no other test exports. */
  private static String newMember() {
    String userId = UUID.randomUUID().toString();
    db.getCollection(CatalogCollections.USERS)
        .insertOne(
            CatalogFixtures.user(
                userId, "rules-" + userId + "@acme.example", "Rule R", DemoData.ENTERPRISE_UID));
    return userId;
  }

  /**
   * A PROCESSING export of the user, claimed by the test: the user's further exports stay PENDING
   * until {@link StoredJobs#release}. It asks for the scope FULL and nothing else, as a request of
   * only user_id and scope FULL does.
   */
  private static String holdUser(String userId) {
    String blocker = StoredJobs.insertProcessing(stack.facts(), DemoData.ENTERPRISE_UID, userId);
    assertThat(StoredJobs.statusOf(stack.facts(), blocker))
        .isEqualTo(ExportStatus.EXPORT_STATUS_PROCESSING);
    return blocker;
  }

  private static JsonNode assertRefused(
      Reply reply, Protocol protocol, int status, String code, String prefix) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    JsonNode body = reply.json();
    assertThat(body.get("code").asString()).as(reply.text()).isEqualTo(code);
    assertThat(body.get("message").asString()).as(reply.text()).startsWith(prefix);
    if (protocol == Protocol.V2_JSON) {
      assertThat(body.get("ok").asBoolean()).isFalse();
      assertThat(body.get("request_id").asString()).startsWith("req_");
    }
    return body;
  }

  // ---- an identical request ----

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anIdenticalRequestWhileTheExportIsPendingOrProcessingAnswersThatExport(Protocol protocol) {
    String user = newMember();
    String blocker = holdUser(user);
    List<String> started = new ArrayList<>();
    try {
      // PROCESSING: the held export asked for exactly this
      Created whileProcessing = created(create(protocol, json("user_id", user, "scope", FULL)));
      assertThat(whileProcessing.uid()).isEqualTo(blocker);
      assertThat(whileProcessing.status()).isEqualTo("EXPORT_STATUS_PROCESSING");
      assertThat(whileProcessing.deduped()).isTrue();

      // PENDING: a new export, then the same request again — by email, with another reason
      Created first =
          created(
              create(protocol, json("user_id", user, "scope", TASKS, "reason", "first request")));
      assertThat(first.status()).isEqualTo("EXPORT_STATUS_PENDING");
      assertThat(first.deduped()).isFalse();
      started.add(first.uid());
      Created again =
          created(
              create(
                  protocol,
                  json(
                      "email",
                      "RULES-" + user + "@ACME.example",
                      "scope",
                      TASKS,
                      "reason",
                      "asked again")));
      assertThat(again.uid()).isEqualTo(first.uid());
      assertThat(again.status()).isEqualTo("EXPORT_STATUS_PENDING");
      assertThat(again.deduped()).isTrue();
      assertThat(Instant.parse(again.body().get("created_at").asString()))
          .isEqualTo(Instant.parse(first.body().get("created_at").asString()));
      assertThat(detail(first.uid()).get("reason").asString())
          .as("the answered export keeps its own reason")
          .isEqualTo("first request");

      // a different request is a different export
      Created withDeleted =
          created(create(protocol, json("user_id", user, "scope", TASKS, "include_deleted", true)));
      Created bounded =
          created(
              create(
                  protocol,
                  json("user_id", user, "scope", TASKS, "start_time", "2026-01-01T00:00:00Z")));
      for (Created other : List.of(withDeleted, bounded)) {
        assertThat(other.deduped()).isFalse();
        assertThat(other.status()).isEqualTo("EXPORT_STATUS_PENDING");
        started.add(other.uid());
      }
      assertThat(new HashSet<>(started)).hasSize(3);
    } finally {
      StoredJobs.release(stack.facts(), blocker);
    }
    started.forEach(ExportRequestRulesTest::awaitCompleted);

    // once the export has ended, the same request starts a new one
    Created afterwards = created(create(protocol, json("user_id", user, "scope", TASKS)));
    assertThat(afterwards.uid()).isNotIn(started);
    assertThat(afterwards.deduped()).isFalse();
    awaitCompleted(afterwards.uid());
  }

  // ---- Idempotency-Key ----

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anIdempotencyKeyAnswersItsExportForTheSameRequestOnly(Protocol protocol) {
    String user = newMember();
    String key = UUID.randomUUID().toString();
    String request = json("user_id", user, "scope", TASKS, "reason", "keyed");

    Created first = created(create(protocol, request, key));
    assertThat(first.deduped()).isFalse();
    assertThat(first.status()).isEqualTo("EXPORT_STATUS_PENDING");
    // a replay: the same export, not a duplicate of a running one
    Created replay = created(create(protocol, request, key));
    assertThat(replay.uid()).isEqualTo(first.uid());
    assertThat(replay.deduped()).isFalse();
    // the reason does not make it another request
    Created otherReason =
        created(create(protocol, json("user_id", user, "scope", TASKS, "reason", "retry"), key));
    assertThat(otherReason.uid()).isEqualTo(first.uid());

    // the key with another request: refused, naming the key's export
    for (String different :
        List.of(
            json("user_id", user, "scope", FULL),
            json("user_id", user, "scope", TASKS, "include_files", false),
            json("user_id", newMember(), "scope", TASKS))) {
      JsonNode refused =
          assertRefused(
              create(protocol, different, key),
              protocol,
              400,
              "invalid_argument",
              "Idempotency-Key: ");
      assertThat(refused.get("message").asString())
          .startsWith("Idempotency-Key: already used for export " + first.uid() + " ")
          .contains("different request");
    }

    // after the export ended, the key still answers it, completed
    awaitCompleted(first.uid());
    Created later = created(create(protocol, request, key));
    assertThat(later.uid()).isEqualTo(first.uid());
    assertThat(later.status()).isEqualTo("EXPORT_STATUS_COMPLETED");
    assertThat(later.deduped()).isFalse();
    // while the same request without the key starts a new export
    Created unkeyed = created(create(protocol, request));
    assertThat(unkeyed.uid()).isNotEqualTo(first.uid());
    awaitCompleted(unkeyed.uid());

    // keys are per enterprise: another enterprise's same key is a key of its own
    Reply elsewhere =
        call(
            protocol,
            "CreateExport",
            "enterprise.export.create",
            json("user_id", DemoData.OUTSIDER.userId(), "scope", FULL),
            otherEnterpriseKey,
            key);
    Created theirs = created(elsewhere);
    assertThat(theirs.uid()).isNotEqualTo(first.uid());
    assertThat(theirs.body().get("enterprise_uid").asString())
        .isEqualTo(DemoData.OTHER_ENTERPRISE_UID);
    assertThat(theirs.deduped()).isFalse();
    awaitCompleted(theirs.uid(), otherEnterpriseKey);
  }

  // ---- the per-user cap ----

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aUsersSixthActiveExportIsRefusedUntilOneEnds(Protocol protocol) {
    String user = newMember();
    String blocker = holdUser(user);
    List<String> queued = new ArrayList<>();
    String sixth = json("user_id", user, "scope", TASKS, "start_time", "2026-01-06T00:00:00Z");
    String sixthKey = UUID.randomUUID().toString();
    try {
      for (int day = 1; day <= 4; day++) {
        Created c =
            created(
                create(
                    protocol,
                    json(
                        "user_id",
                        user,
                        "scope",
                        TASKS,
                        "start_time",
                        "2026-01-0" + day + "T00:00:00Z")));
        assertThat(c.deduped()).isFalse();
        assertThat(c.status()).isEqualTo("EXPORT_STATUS_PENDING");
        queued.add(c.uid());
      }
      // the held one and four PENDING: five

      JsonNode refused =
          assertRefused(create(protocol, sixth), protocol, 429, "resource_exhausted", "user_id: ");
      assertThat(refused.get("message").asString()).contains("5");
      // with a key too, and the key is not spent on the refusal
      assertRefused(
          create(protocol, sixth, sixthKey), protocol, 429, "resource_exhausted", "user_id: ");

      // a repeat of a queued request is no new export: it is answered, not refused
      Created repeat =
          created(
              create(
                  protocol,
                  json("user_id", user, "scope", TASKS, "start_time", "2026-01-02T00:00:00Z")));
      assertThat(repeat.uid()).isEqualTo(queued.get(1));
      assertThat(repeat.deduped()).isTrue();

      // the cap is the user's: another user of the enterprise is not held back
      Created otherUser = created(create(protocol, json("user_id", newMember(), "scope", TASKS)));
      awaitCompleted(otherUser.uid());
    } finally {
      StoredJobs.release(stack.facts(), blocker);
    }

    // the held export has ended: room for one more, and the key that was refused now creates it
    Created admitted = created(create(protocol, sixth, sixthKey));
    assertThat(admitted.deduped()).isFalse();
    assertThat(admitted.uid()).isNotIn(queued);
    queued.add(admitted.uid());
    queued.forEach(ExportRequestRulesTest::awaitCompleted);
  }

  // ---- what the records tell ----

  @Test
  void aRunningExportShowsItsAttemptAndProgress() {
    String user = newMember();
    String blocker = holdUser(user);
    String uid;
    try {
      JsonNode held = detail(blocker);
      assertThat(held.get("status").asString()).isEqualTo("EXPORT_STATUS_PROCESSING");
      assertThat(held.get("attempt").asInt()).isEqualTo(1);
      assertThat(held.has("started_at")).isTrue();
      assertThat(held.has("progress")).as(held.toString()).isTrue();
      assertProgressConsistent(held.get("progress"));

      Created waiting = created(create(Protocol.V2_JSON, json("user_id", user, "scope", TASKS)));
      uid = waiting.uid();
      JsonNode pending = detail(uid);
      assertThat(pending.get("status").asString()).isEqualTo("EXPORT_STATUS_PENDING");
      assertThat(pending.get("attempt").asInt()).as("not started yet").isZero();
      assertThat(pending.has("progress")).as("no progress before a worker has it").isFalse();
      assertThat(pending.get("error_code").asString()).isEmpty();
      assertThat(pending.get("legal_hold").asBoolean()).isFalse();
    } finally {
      StoredJobs.release(stack.facts(), blocker);
    }
    JsonNode failedBlocker = detail(blocker);
    assertThat(failedBlocker.get("status").asString()).isEqualTo("EXPORT_STATUS_FAILED");
    assertThat(failedBlocker.get("error_code").asString()).isEqualTo("internal");

    // the real worker picks it up: from then on the record shows the attempt and its progress
    JsonNode started =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> detail(uid), r -> r.get("attempt").asInt() >= 1 && r.has("progress"));
    assertThat(started.get("status").asString())
        .isIn("EXPORT_STATUS_PROCESSING", "EXPORT_STATUS_COMPLETED");
    assertThat(started.has("started_at")).isTrue();
    assertProgressConsistent(started.get("progress"));

    JsonNode completed = awaitCompleted(uid);
    assertThat(completed.get("attempt").asInt()).isEqualTo(1);
    assertThat(completed.has("progress")).isTrue();
    assertProgressConsistent(completed.get("progress"));
    assertThat(completed.get("error_code").asString()).isEmpty();
    assertThat(completed.has("archive_expired_at")).isFalse();
  }

  /** /v2 prints every progress field, the 64-bit ones as strings, and done never exceeds all. */
  private static void assertProgressConsistent(JsonNode progress) {
    assertThat(progress.get("sections_done").isInt()).as(progress.toString()).isTrue();
    assertThat(progress.get("sections_total").isInt()).as(progress.toString()).isTrue();
    assertThat(progress.get("records_written").isString()).as(progress.toString()).isTrue();
    assertThat(progress.get("bytes_written").isString()).as(progress.toString()).isTrue();
    int done = progress.get("sections_done").asInt();
    int total = progress.get("sections_total").asInt();
    assertThat(done).isBetween(0, Math.max(total, 0));
    assertThat(Long.parseLong(progress.get("records_written").asString())).isNotNegative();
    assertThat(Long.parseLong(progress.get("bytes_written").asString())).isNotNegative();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aCompletedExportsDetailNamesItsArchivesDigestAndSizeAsItsCompletionEventDoes(
      Protocol protocol) throws Exception {
    String user = newMember();
    Created export = created(create(protocol, json("user_id", user, "scope", TASKS)));
    awaitCompleted(export.uid());

    Reply reply =
        call(
            protocol,
            "GetExport",
            "enterprise.export.detail",
            json("uid", export.uid()),
            stack.facts().apiKey(),
            null);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode record = reply.json().get("record");
    HttpResponse<byte[]> download =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(record.get("file_url").asString())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    byte[] archive = download.body();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
    // int64 is a JSON string in both protocols
    assertThat(Long.parseLong(record.get("file_size_bytes").asString())).isEqualTo(archive.length);
    assertThat(record.get("file_sha256").asString()).isEqualTo(sha256);

    JsonNode completed =
        only(auditEventsUntil(export.uid(), "job.completed"), "io.dataexport.audit.job.completed")
            .get("data");
    assertThat(completed.get("archive_sha256").asString()).isEqualTo(sha256);
    assertThat(completed.get("archive_size_bytes").asLong()).isEqualTo(archive.length);
  }

  @Test
  void aLegalHoldIsSetOnACompletedExportAuditedAndReleased() {
    String user = newMember();
    Created export = created(create(Protocol.V2_JSON, json("user_id", user, "scope", TASKS)));
    awaitCompleted(export.uid());

    Reply held =
        call(
            Protocol.V2_JSON,
            "SetLegalHold",
            "enterprise.export.legalHold",
            json("uid", export.uid(), "hold", true, "reason", "litigation hold 7"),
            stack.facts().apiKey(),
            null);
    assertThat(held.status()).as(held.text()).isEqualTo(200);
    JsonNode heldRecord = held.json().get("record");
    assertThat(heldRecord.get("uid").asString()).isEqualTo(export.uid());
    assertThat(heldRecord.get("status").asString()).isEqualTo("EXPORT_STATUS_COMPLETED");
    assertThat(heldRecord.get("legal_hold").asBoolean()).isTrue();
    JsonNode detail = detail(export.uid());
    assertThat(detail.get("legal_hold").asBoolean()).isTrue();
    assertThat(detail.get("file_url").asString())
        .as("a held archive can be downloaded")
        .isNotEmpty();

    Reply released =
        call(
            Protocol.CONNECT_JSON,
            "SetLegalHold",
            "enterprise.export.legalHold",
            json("uid", export.uid(), "hold", false, "reason", "matter closed"),
            stack.facts().apiKey(),
            null);
    assertThat(released.status()).as(released.text()).isEqualTo(200);
    assertThat(flag(released.json().get("record"), "legal_hold")).isFalse();
    assertThat(detail(export.uid()).get("legal_hold").asBoolean()).isFalse();

    String keyId = keyIdOf(stack.facts().apiKey());
    List<JsonNode> trail =
        auditEventsUntil(
            export.uid(),
            "job.completed",
            "job.legal_hold_set",
            "job.legal_hold_released",
            "export.legal_hold");
    JsonNode set = only(trail, "io.dataexport.audit.job.legal_hold_set");
    assertThat(set.get("data").get("actor_key_id").asString()).isEqualTo(keyId);
    assertThat(set.get("data").get("reason").asString()).isEqualTo("litigation hold 7");
    assertThat(set.get("data").get("target_user_id").asString()).isEqualTo(user);
    JsonNode release = only(trail, "io.dataexport.audit.job.legal_hold_released");
    assertThat(release.get("data").get("reason").asString()).isEqualTo("matter closed");
    List<String> calls =
        trail.stream()
            .filter(e -> e.get("type").asString().equals("io.dataexport.audit.export.legal_hold"))
            .map(
                e ->
                    e.get("data").get("outcome").asString()
                        + " "
                        + e.get("data").get("reason").asString())
            .toList();
    assertThat(calls).containsExactly("succeeded litigation hold 7", "succeeded matter closed");
    List<String> jobEvents =
        trail.stream()
            .map(e -> e.get("type").asString())
            .filter(type -> type.startsWith("io.dataexport.audit.job."))
            .toList();
    // Events written by one service's relay arrive in the order they were written; the worker's
    // (started, completed) and the gateway's (the holds) are not ordered with each other.
    assertThat(jobEvents)
        .as("the job's changes")
        .containsExactlyInAnyOrder(
            "io.dataexport.audit.job.created",
            "io.dataexport.audit.job.started",
            "io.dataexport.audit.job.completed",
            "io.dataexport.audit.job.legal_hold_set",
            "io.dataexport.audit.job.legal_hold_released")
        .containsSubsequence(
            "io.dataexport.audit.job.created",
            "io.dataexport.audit.job.started",
            "io.dataexport.audit.job.completed")
        .containsSubsequence(
            "io.dataexport.audit.job.legal_hold_set",
            "io.dataexport.audit.job.legal_hold_released");
  }

  private static JsonNode only(List<JsonNode> events, String type) {
    List<JsonNode> found =
        events.stream().filter(e -> e.get("type").asString().equals(type)).toList();
    assertThat(found).as(type).hasSize(1);
    return found.get(0);
  }

  /** The API key's id: the part between {@code dex_} and the secret. */
  private static String keyIdOf(String apiKey) {
    return apiKey.substring(apiKey.indexOf('_') + 1, apiKey.lastIndexOf('_'));
  }

  /**
   * The audit events about the export, read from the start of the topic until one of each of {@code
   * operations} has arrived; each event once (a relay may publish one again), in topic order.
   */
  private static List<JsonNode> auditEventsUntil(String uid, String... operations) {
    List<JsonNode> seen = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.facts().kafkaBootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "rules-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(stack.facts().topics().audit()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          JsonNode event = JSON.readTree(r.value());
                          if (uid.equals(event.path("subject").asString(""))
                              && ids.add(event.get("id").asString())) {
                            seen.add(event);
                          }
                        });
                Set<String> arrived = new HashSet<>();
                seen.forEach(e -> arrived.add(e.get("data").get("operation").asString()));
                return arrived.containsAll(List.of(operations));
              });
    }
    return seen;
  }
}
