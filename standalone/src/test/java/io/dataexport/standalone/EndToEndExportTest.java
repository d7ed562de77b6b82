package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dataexport.demo.Canaries;
import io.dataexport.standalone.ApiClient.Answer;
import io.dataexport.worker.archive.verify.VerifyArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's quickstart, for real: the whole embedded stack (Kafka broker, MongoDB-wire server,
 * gateway, worker) and the five calls over HTTP, then the archive opened and checked against the
 * seeded data.
 */
class EndToEndExportTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static ApiClient api;

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theFiveQuickstartCallsProduceTheUsersArchive() throws Exception {
    Answer tasks = api.post("enterprise.task.list", json("user_id", DemoData.ADA.userId()));
    assertThat(tasks.status()).isEqualTo(200);
    assertThat(sessionIds(tasks.body().get("tasks"), "session_id"))
        .containsExactly(DemoData.ADA_SESSION_NOTES, DemoData.ADA_SESSION_PLAN);

    Instant before = Instant.now();
    Answer created =
        api.post(
            "enterprise.export.create",
            json(
                "user_id",
                DemoData.ADA.userId(),
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_FULL",
                "reason",
                "legal hold 42"));
    assertThat(created.status()).isEqualTo(200);
    JsonNode c = created.body();
    assertThat(c.get("ok").asBoolean()).isTrue();
    assertThat(c.get("request_id").asString())
        .isEqualTo(created.requestIdHeader())
        .startsWith("req_");
    assertThat(c.get("status").asString()).isEqualTo("EXPORT_STATUS_PENDING");
    assertThat(c.get("user_id").asString()).isEqualTo(DemoData.ADA.userId());
    assertThat(c.get("enterprise_uid").asString()).isEqualTo(DemoData.ENTERPRISE_UID);
    assertThat(Instant.parse(c.get("created_at").asString()))
        .isBetween(before.minusSeconds(1), Instant.now());
    String uid = c.get("uid").asString();

    JsonNode record = awaitCompleted(uid);
    assertThat(record.get("file_url").asString())
        .startsWith(stack.facts().baseUrl() + "/downloads/");
    assertThat(Instant.parse(record.get("url_expires_at").asString()))
        .isBetween(
            Instant.now().plus(Duration.ofMinutes(9)),
            Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(1));

    Answer list = api.post("enterprise.export.list", json("email", DemoData.ADA.email()));
    assertThat(list.body().get("records").get(0).get("uid").asString()).isEqualTo(uid);

    Answer link = api.post("enterprise.export.downloadUrl", json("uid", uid));
    assertThat(link.status()).isEqualTo(200);
    HttpResponse<byte[]> download = api.get(link.body().get("file_url").asString());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(download.body().length).isEqualTo(record.get("file_size_bytes").asLong());
    assertThat(record.get("file_sha256").asString()).isEqualTo(sha256(download.body()));

    Map<String, byte[]> zip = unzip(download.body());
    assertThat(zip.keySet().iterator().next()).isEqualTo("manifest.json");
    assertThat(zip).containsKeys("user.json", "session_info.json", "session_file_info.json");
    // the launcher encrypts archives at rest: on disk the archive is no ZIP and no plaintext
    try (var stored = Files.walk(data.resolve("archives"))) {
      Path archive =
          stored
              .filter(path -> path.getFileName().toString().startsWith(uid))
              .findFirst()
              .orElseThrow();
      byte[] onDisk = Files.readAllBytes(archive);
      assertThat(onDisk).isNotEqualTo(download.body());
      assertThat(new String(onDisk, StandardCharsets.ISO_8859_1))
          .doesNotContain("PK\u0003\u0004")
          .doesNotContain("manifest.json");
    }
    // the manifest is signed, and verify checks it under the key the gateway publishes
    Path saved = Files.write(data.resolve(uid + ".zip"), download.body());
    Path keys =
        Files.write(
            data.resolve("keys.json"),
            api.get(stack.facts().baseUrl() + "/.well-known/dataexport/keys.json").body());
    ByteArrayOutputStream verifyOut = new ByteArrayOutputStream();
    PrintStream verifyPrint = new PrintStream(verifyOut, true, StandardCharsets.UTF_8);
    int verified =
        VerifyArchive.run(
            List.of(saved.toString(), "--keys", keys.toString()), verifyPrint, verifyPrint);
    assertThat(verified).as(verifyOut.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(verifyOut.toString(StandardCharsets.UTF_8))
        .contains("manifest signature: verified with key manifest-");

    JsonNode user = JSON.readTree(zip.get("user.json"));
    assertThat(user.get(0).get("email").asString()).isEqualTo(DemoData.ADA.email());
    assertThat(sessionIds(JSON.readTree(zip.get("session_info.json")), "_id"))
        .containsExactlyInAnyOrder(DemoData.ADA_SESSION_PLAN, DemoData.ADA_SESSION_NOTES);
    assertThat(
            new String(
                zip.get("files/" + DemoData.ADA_SESSION_PLAN + "/plan.md"), StandardCharsets.UTF_8))
        .isEqualTo("# Launch plan\n1. Build it.\n");
    assertThat(new String(download.body(), StandardCharsets.ISO_8859_1))
        .doesNotContain("password_hash");
    for (byte[] entry : zip.values()) {
      assertThat(new String(entry, StandardCharsets.UTF_8))
          .doesNotContain(DemoData.SEEDED_SECRET)
          .doesNotContain(Canaries.PREFIX);
    }
    // the demo data fills every section of a FULL export, and the skills' archives are there
    for (String section : FULL_SECTIONS) {
      assertThat(JSON.readTree(zip.get(section)).size()).as(section).isPositive();
    }
    assertThat(zip.keySet()).anyMatch(name -> name.matches("skills/[^/]+/[^/]+\\.zip"));
    assertManifestDescribesEntries(JSON.readTree(zip.get("manifest.json")), zip);
  }

  @Test
  void healthAnswersOnTheManagementPortsAndNotOnTheApiPort() {
    for (String service :
        List.of(stack.facts().management().gateway(), stack.facts().management().worker())) {
      HttpResponse<byte[]> health = api.get(service + "/actuator/health");
      JsonNode body = JSON.readTree(health.body());
      assertThat(health.statusCode()).as(service).isEqualTo(200);
      assertThat(body.get("status").asString()).isEqualTo("UP");
      for (String part : List.of("mongo", "kafka", "archiveStore")) {
        assertThat(body.get("components").get(part).get("status").asString())
            .as(service + " " + part)
            .isEqualTo("UP");
      }
      HttpResponse<byte[]> readiness = api.get(service + "/actuator/health/readiness");
      assertThat(readiness.statusCode()).as(service + " readiness").isEqualTo(200);
    }
    assertThat(api.get(stack.facts().baseUrl() + "/actuator/health").statusCode())
        .as("the API port serves no actuator")
        .isEqualTo(404);
  }

  @Test
  void oneExportShowsInBothServicesMetricsOnTheirManagementPorts() {
    String scope = "ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS";
    String gateway = stack.facts().management().gateway() + "/actuator/prometheus";
    String worker = stack.facts().management().worker() + "/actuator/prometheus";
    String onScope = "scope=\"" + scope + "\"";
    // the demo enterprise is on the enterprise plan; the label takes a few known values only
    String onTier = "tier=\"enterprise\"";
    double createdBefore = metric(gateway, "dataexport_exports_requested_total", onScope, onTier);
    double callsBefore =
        metric(gateway, "dataexport_api_requests_total", "method=\"export.create\"", "code=\"ok\"");
    double completedBefore =
        metric(worker, "dataexport_exports_total", "outcome=\"completed\"", onScope, onTier);
    double waitsBefore = metric(worker, "dataexport_export_wait_seconds_count", onScope);

    Answer created =
        api.post(
            "enterprise.export.create",
            json("user_id", DemoData.ADA.userId(), "scope", scope, "reason", "metrics check"));
    awaitCompleted(created.body().get("uid").asString());

    assertThat(metric(gateway, "dataexport_exports_requested_total", onScope, onTier))
        .isEqualTo(createdBefore + 1);
    assertThat(
            metric(
                gateway,
                "dataexport_api_requests_total",
                "method=\"export.create\"",
                "code=\"ok\""))
        .isEqualTo(callsBefore + 1);
    // the worker counts an export once its COMPLETED is written, which the API shows a moment
    // earlier
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(
                      metric(
                          worker,
                          "dataexport_exports_total",
                          "outcome=\"completed\"",
                          onScope,
                          onTier))
                  .isEqualTo(completedBefore + 1);
              assertThat(metric(worker, "dataexport_worker_exports_running")).isZero();
            });
    assertThat(metric(worker, "dataexport_export_wait_seconds_count", onScope))
        .isEqualTo(waitsBefore + 1);
    assertThat(
            metric(worker, "dataexport_export_duration_seconds_bucket", onScope, "le=\"3600.0\""))
        .as("an SLO bucket of the request-to-archive time")
        .isPositive();
    assertThat(metric(gateway, "dataexport_outbox_oldest_age_seconds")).isNotNegative();
    assertThat(new String(api.get(worker).body(), StandardCharsets.UTF_8))
        .as("the consumer's lag")
        .contains("kafka_consumer_fetch_manager_records_lag_max{");
  }

  /** The sum of the samples of {@code name} whose labels include every one of {@code labels}. */
  private static double metric(String scrapeUrl, String name, String... labels) {
    String text = new String(api.get(scrapeUrl).body(), StandardCharsets.UTF_8);
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        if (List.of(labels).stream().allMatch(line::contains)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
    }
    return found ? sum : 0;
  }

  @Test
  void aTamperedOrForeignDownloadLinkIsRefused() {
    String uid = createAndComplete(DemoData.GRACE.userId());
    String url =
        api.post("enterprise.export.downloadUrl", json("uid", uid))
            .body()
            .get("file_url")
            .asString();
    String tampered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
    assertThat(api.get(tampered).statusCode()).isEqualTo(403);
  }

  @Test
  void aDeletedFormerMemberCanBeExportedButAnotherEnterprisesUserCannot() {
    createAndComplete(DemoData.LINUS.userId());
    Answer outsider =
        api.post(
            "enterprise.export.create",
            json("user_id", DemoData.OUTSIDER.userId(), "scope", "ENTERPRISE_EXPORT_SCOPE_FULL"));
    Answer nobody =
        api.post(
            "enterprise.export.create",
            json(
                "user_id",
                "00000000-0000-4000-8000-000000000000",
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_FULL"));
    assertThat(outsider.status()).isEqualTo(404);
    assertThat(outsider.body().get("code").asString()).isEqualTo("not_found");
    assertThat(outsider.body().get("message").asString())
        .isEqualTo(nobody.body().get("message").asString());
  }

  @Test
  void everyOperationIsAuditedWithItsRequestIdAndNoSecret() throws IOException {
    Answer listed = api.post("enterprise.export.list", json("email", DemoData.GRACE.email()));
    Answer created =
        api.post(
            "enterprise.export.create",
            json(
                "email",
                DemoData.GRACE.email(),
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_TASKS",
                "reason",
                "audit trail check"));
    String uid = created.body().get("uid").asString();
    awaitCompleted(uid);

    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = auditConsumer()) {
      consumer.subscribe(List.of(stack.facts().topics().audit()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream()
                    .anyMatch(
                        r -> r.value().contains("\"job.completed\"") && r.value().contains(uid));
              });
    }
    // delivery is at least once: a repeat keeps its CloudEvents id, and a consumer drops it
    Map<String, String> jobEventsById = new LinkedHashMap<>();
    seen.stream()
        .map(r -> JSON.readTree(r.value()))
        .filter(e -> e.has("subject") && uid.equals(e.get("subject").asString()))
        .filter(e -> e.get("type").asString().startsWith("io.dataexport.audit.job."))
        .forEach(e -> jobEventsById.putIfAbsent(e.get("id").asString(), e.get("type").asString()));
    assertThat(List.copyOf(jobEventsById.values()))
        .as("the job's state changes, in the order they happened, each once")
        .containsExactly(
            "io.dataexport.audit.job.created",
            "io.dataexport.audit.job.started",
            "io.dataexport.audit.job.completed");
    JsonNode create =
        seen.stream()
            .map(r -> JSON.readTree(r.value()))
            .filter(e -> e.get("type").asString().equals("io.dataexport.audit.export.create"))
            .filter(e -> uid.equals(e.get("subject").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(create.get("specversion").asString()).isEqualTo("1.0");
    JsonNode d = create.get("data");
    assertThat(d.get("request_id").asString()).isEqualTo(created.requestIdHeader());
    assertThat(d.get("reason").asString()).isEqualTo("audit trail check");
    assertThat(d.get("outcome").asString()).isEqualTo("succeeded");
    assertThat(d.get("target_user_id").asString()).isEqualTo(DemoData.GRACE.userId());
    assertThat(d.get("actor_key_id").asString()).isNotBlank();
    JsonNode list =
        seen.stream()
            .map(r -> JSON.readTree(r.value()))
            // path: the sealer's digests share the topic and carry no request id
            .filter(
                e -> e.path("data").path("request_id").asString().equals(listed.requestIdHeader()))
            .findFirst()
            .orElseThrow();
    assertThat(list.get("type").asString()).isEqualTo("io.dataexport.audit.export.list");
    assertThat(list.get("data").get("target_user_id").asString())
        .as("a user named by email is audited by id")
        .isEqualTo(DemoData.GRACE.userId());
    String apiKeySecret =
        stack.facts().apiKey().substring(stack.facts().apiKey().lastIndexOf('_') + 1);
    assertThat(seen).allSatisfy(r -> assertThat(r.value()).doesNotContain(apiKeySecret));
    Schema schema = schema("audit-event.v1.schema.json");
    Schema digestSchema = schema("audit-digest.v1.schema.json");
    assertThat(seen)
        .allSatisfy(
            r -> {
              JsonNode event = JSON.readTree(r.value());
              boolean digest = event.get("type").asString().equals("io.dataexport.audit.digest.v1");
              assertThat((digest ? digestSchema : schema).validate(event)).as(r.value()).isEmpty();
            });
  }

  private static Schema schema(String file) throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(Path.of("..", "docs", "events", file)));
  }

  @Test
  void aRestartKeepsJobsAndArchives() throws IOException {
    String uid = createAndComplete(DemoData.ADA.userId());
    stack.close();
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());

    JsonNode record = api.post("enterprise.export.detail", json("uid", uid)).body().get("record");
    assertThat(record.get("status").asString()).isEqualTo("EXPORT_STATUS_COMPLETED");
    HttpResponse<byte[]> download = api.get(record.get("file_url").asString());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(unzip(download.body())).containsKey("manifest.json");
  }

  private static String createAndComplete(String userId) {
    Answer created =
        api.post(
            "enterprise.export.create",
            json("user_id", userId, "scope", "ENTERPRISE_EXPORT_SCOPE_FULL"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String uid = created.body().get("uid").asString();
    awaitCompleted(uid);
    return uid;
  }

  private static JsonNode awaitCompleted(String uid) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> api.post("enterprise.export.detail", json("uid", uid)).body().get("record"),
            r -> r.get("status").asString().equals("EXPORT_STATUS_COMPLETED"));
  }

  private static KafkaConsumer<String, String> auditConsumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.facts().kafkaBootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return new KafkaConsumer<>(p);
  }

  /** Each JSON section's record count, bytes and SHA-256 as the manifest states them. */
  private static void assertManifestDescribesEntries(JsonNode manifest, Map<String, byte[]> zip)
      throws Exception {
    assertThat(manifest.get("request").get("scope").asString())
        .isEqualTo("ENTERPRISE_EXPORT_SCOPE_FULL");
    for (JsonNode section : manifest.get("sections")) {
      String name = section.get("name").asString();
      if (name.equals("files/")) {
        // the attached files and the skills' archives
        long files =
            zip.keySet().stream()
                .filter(k -> k.startsWith("files/") || k.startsWith("skills/"))
                .count();
        assertThat(section.get("record_count").asLong()).isEqualTo(files);
        assertThat(manifest.get("files").size()).isEqualTo(files);
        for (JsonNode file : manifest.get("files")) {
          byte[] entry = zip.get(file.get("path").asString());
          assertThat(entry).as(file.toString()).isNotNull();
          assertThat(file.get("bytes").asLong()).isEqualTo(entry.length);
          assertThat(file.get("sha256").asString()).isEqualTo(sha256(entry));
        }
        continue;
      }
      byte[] entry = zip.get(name);
      assertThat(entry).as(name).isNotNull();
      assertThat(section.get("bytes").asLong()).as(name).isEqualTo(entry.length);
      assertThat(section.get("sha256").asString()).as(name).isEqualTo(sha256(entry));
      assertThat(section.get("record_count").asLong())
          .as(name)
          .isEqualTo(JSON.readTree(entry).size());
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static final List<String> FULL_SECTIONS =
      List.of(
          "user.json",
          "platform_user.json",
          "user_client_config.json",
          "user_personalization.json",
          "project.json",
          "session_info.json",
          "session_file_info.json",
          "skill.json",
          "user_knowledge.json",
          "notifications.json",
          "team.json",
          "team_user_relation.json");

  private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static List<String> sessionIds(JsonNode array, String field) {
    List<String> ids = new ArrayList<>();
    array.forEach(n -> ids.add(n.get(field).asString()));
    return ids;
  }
}
