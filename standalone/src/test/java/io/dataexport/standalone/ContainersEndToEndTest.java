package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.dataexport.demo.FileSink;
import io.dataexport.event.Topics;
import io.dataexport.gateway.GatewayApplication;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.standalone.ApiClient.Answer;
import io.dataexport.worker.WorkerApplication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end path on real infrastructure: the gateway and a worker, configured as in
 * production, against Apache Kafka (KRaft) and a MongoDB replica set in containers, with the
 * filesystem archive store and with the GCS store on fake-gcs-server. The same demo data, API
 * client and checks as the embedded suite ({@link EndToEndExportTest}): create → Kafka → worker →
 * archive store → link → download, and the audit trail.
 *
 * <p>Needs a Docker engine; where none runs (these build machines) JUnit reports the class as
 * skipped — never failed, never passed. The images are those of docker-compose.yml.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEndToEndTest {

  private static final String DATABASE = "dataexport";
  private static final String BUCKET = "dataexport-archives";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.0");

  @Container
  static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0").withReplicaSet();

  /**
   * fake-gcs-server answers resumable uploads with its external URL, which the worker (on this
   * host) must reach: so a fixed host port, chosen free, and that URL.
   */
  private static final int GCS_PORT = freePort();

  @Container static final GenericContainer<?> GCS = fakeGcs();

  @TempDir Path data;

  /** The source bucket the demo data's files are written to and the worker reads. */
  @TempDir static Path sourceFiles;

  private final List<ConfigurableApplicationContext> services = new ArrayList<>();
  private static String apiKey;

  @BeforeAll
  static void seed() {
    try (MongoClient client = MongoClients.create(MONGO.getReplicaSetUrl(DATABASE))) {
      MongoDatabase db = client.getDatabase(DATABASE);
      DemoData.seed(db, FileSink.directory(sourceFiles));
      apiKey =
          new ApiKeyStore(db)
              .issue(DemoData.ENTERPRISE_UID, Role.ADMIN, "containers test", Instant.now())
              .apiKey();
    }
  }

  @AfterEach
  void stopServices() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    services.clear();
  }

  @Test
  void filesystemStore_theQuickstartProducesTheUsersArchiveAndTheAuditTrail() throws Exception {
    int gatewayPort = freePort();
    String baseUrl = "http://localhost:" + gatewayPort;
    start(
        gatewayPort,
        Map.of(
            "dataexport.archive.store",
            "filesystem",
            "dataexport.archive.filesystem.directory",
            data.resolve("archives").toString(),
            "dataexport.archive.links.signing-key",
            "containers-test-link-signing-key-0123",
            "dataexport.archive.links.public-base-url",
            baseUrl));
    ApiClient api = new ApiClient(baseUrl, apiKey);

    Answer created =
        api.post(
            "enterprise.export.create",
            json(
                "user_id",
                DemoData.ADA.userId(),
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_FULL",
                "reason",
                "containers test"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String uid = created.body().get("uid").asString();

    JsonNode record = awaitCompleted(api, uid);
    assertThat(record.get("file_url").asString()).startsWith(baseUrl + "/downloads/");
    Answer link = api.post("enterprise.export.downloadUrl", json("uid", uid));
    assertThat(link.status()).isEqualTo(200);
    HttpResponse<byte[]> download = api.get(link.body().get("file_url").asString());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body().length).isEqualTo(record.get("file_size_bytes").asLong());
    Map<String, byte[]> zip = unzip(download.body());
    assertThat(zip.keySet().iterator().next()).isEqualTo("manifest.json");
    assertThat(JSON.readTree(zip.get("user.json")).get(0).get("email").asString())
        .isEqualTo(DemoData.ADA.email());

    assertThat(jobAuditTypes(uid))
        .containsExactly(
            "io.dataexport.audit.job.created",
            "io.dataexport.audit.job.started",
            "io.dataexport.audit.job.completed");
  }

  /**
   * The GCS store on fake-gcs-server: the worker streams the archive into the bucket, and the
   * download link leads through the gateway, which streams it from the bucket (no service account
   * to sign a redirect with on the emulator).
   */
  @Test
  void gcsStore_theWorkerStoresTheArchiveInTheBucket() throws Exception {
    String gcs = "http://localhost:" + GCS_PORT;
    int gatewayPort = freePort();
    start(
        gatewayPort,
        Map.of(
            "dataexport.archive.store",
            "gcs",
            "dataexport.archive.gcs.bucket",
            BUCKET,
            "dataexport.archive.gcs.project-id",
            "containers-test",
            "dataexport.archive.gcs.host",
            gcs));
    ApiClient api = new ApiClient("http://localhost:" + gatewayPort, apiKey);

    Answer created =
        api.post(
            "enterprise.export.create",
            json("user_id", DemoData.GRACE.userId(), "scope", "ENTERPRISE_EXPORT_SCOPE_TASKS"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String uid = created.body().get("uid").asString();

    Document job;
    try (MongoClient client = MongoClients.create(MONGO.getReplicaSetUrl(DATABASE))) {
      var jobs = client.getDatabase(DATABASE).getCollection("export_jobs");
      job =
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> jobs.find(Filters.eq("_id", uid)).first(),
                  d -> d != null && "EXPORT_STATUS_COMPLETED".equals(d.getString("status")));
    }
    String objectName = job.get("archive", Document.class).getString("object_name");
    HttpResponse<String> listing =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(gcs + "/storage/v1/b/" + BUCKET + "/o")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(listing.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    JSON.readTree(listing.body()).path("items").forEach(i -> names.add(i.get("name").asString()));
    assertThat(names).contains(objectName);

    JsonNode record = api.post("enterprise.export.detail", json("uid", uid)).body().get("record");
    HttpResponse<byte[]> download = api.get(record.get("file_url").asString());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body().length).isEqualTo(record.get("file_size_bytes").asLong());
    assertThat(unzip(download.body()).keySet().iterator().next()).isEqualTo("manifest.json");
  }

  // --- the stack: gateway and worker as EmbeddedStack starts them, on the containers ---------

  private void start(int gatewayPort, Map<String, String> archiveStore) {
    Map<String, String> common = new LinkedHashMap<>();
    common.put("spring.kafka.bootstrap-servers", KAFKA.getBootstrapServers());
    common.put("dataexport.mongodb.uri", MONGO.getReplicaSetUrl(DATABASE));
    common.put("dataexport.mongodb.database", DATABASE);
    common.putAll(archiveStore);
    common.put("management.server.port", "0");
    common.put("spring.main.register-shutdown-hook", "false");
    common.put("logging.include-application-name", "false");

    Map<String, String> gateway = new LinkedHashMap<>(common);
    gateway.put("server.port", Integer.toString(gatewayPort));
    services.add(GatewayApplication.application().run(args(gateway)));

    Map<String, String> worker = new LinkedHashMap<>(common);
    worker.put("server.port", "0");
    worker.put("dataexport.worker.spool-directory", data.resolve("spool").toString());
    worker.put("dataexport.source.filesystem.directory", sourceFiles.toString());
    services.add(WorkerApplication.application().run(args(worker)));
  }

  private static String[] args(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(p -> "--" + p.getKey() + "=" + p.getValue())
        .toArray(String[]::new);
  }

  private static JsonNode awaitCompleted(ApiClient api, String uid) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> api.post("enterprise.export.detail", json("uid", uid)).body().get("record"),
            r -> r.get("status").asString().equals("EXPORT_STATUS_COMPLETED"));
  }

  /** The job's audit events on the audit topic, in order. */
  private static List<String> jobAuditTypes(String uid) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "containers-test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(Topics.AUDIT));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream()
                    .anyMatch(
                        r -> r.value().contains("\"job.completed\"") && r.value().contains(uid));
              });
    }
    return seen.stream()
        .map(r -> JSON.readTree(r.value()))
        .filter(e -> e.has("subject") && uid.equals(e.get("subject").asString()))
        .map(e -> e.get("type").asString())
        .filter(type -> type.startsWith("io.dataexport.audit.job."))
        .toList();
  }

  private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  @SuppressWarnings("resource")
  private static GenericContainer<?> fakeGcs() {
    GenericContainer<?> gcs =
        new GenericContainer<>("fsouza/fake-gcs-server:1.52.2")
            .withExposedPorts(4443)
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh"))
            .withCommand(
                "-c",
                "mkdir -p /data/"
                    + BUCKET
                    + " && exec /bin/fake-gcs-server -scheme http -port 4443 -data /data"
                    + " -backend memory -external-url http://localhost:"
                    + GCS_PORT
                    + " -public-host localhost:"
                    + GCS_PORT)
            .waitingFor(Wait.forHttp("/storage/v1/b").forPort(4443));
    gcs.setPortBindings(List.of(GCS_PORT + ":4443"));
    return gcs;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
