package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dataexport.standalone.ApiClient.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A downstream compliance system's view: a plain kafka-clients consumer reading committed records
 * only gets one export's whole trail, from the create call to the download, in an order that makes
 * sense, each event valid under its published schema.
 */
class AuditTrailConsumerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DIGEST = "io.dataexport.audit.digest.v1";

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
  void oneExportsTrailFromCreateToDownloadIsCompleteOrderedAndValid() throws IOException {
    Answer created =
        api.post(
            "enterprise.export.create",
            json(
                "user_id",
                DemoData.GRACE.userId(),
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_TASKS",
                "reason",
                "data-subject request 7"));
    String uid = created.body().get("uid").asString();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                api.post("enterprise.export.detail", json("uid", uid))
                    .body()
                    .get("record")
                    .get("status")
                    .asString()
                    .equals("EXPORT_STATUS_COMPLETED"));
    Answer link = api.post("enterprise.export.downloadUrl", json("uid", uid));
    assertThat(api.get(link.body().get("file_url").asString()).statusCode()).isEqualTo(200);

    List<JsonNode> trail = readTrailOf(uid);

    Schema events = schema("audit-event.v1.schema.json");
    Schema digests = schema("audit-digest.v1.schema.json");
    assertThat(trail)
        .allSatisfy(
            event ->
                assertThat(
                        (event.get("type").asString().equals(DIGEST) ? digests : events)
                            .validate(event))
                    .as(event.toString())
                    .isEmpty());
    // at least once: a consumer drops a repeat by its id
    Map<String, String> typesById = new LinkedHashMap<>();
    trail.forEach(e -> typesById.putIfAbsent(e.get("id").asString(), operation(e)));
    List<String> operations = List.copyOf(typesById.values());
    assertThat(operations)
        .contains(
            "export.create",
            "job.created",
            "job.started",
            "job.completed",
            "export.detail",
            "export.download_url",
            "export.download");
    // a job's events are in the order of its state changes, an API client's in that of its calls
    assertThat(operations.indexOf("job.created")).isLessThan(operations.indexOf("job.started"));
    assertThat(operations.indexOf("job.started")).isLessThan(operations.indexOf("job.completed"));
    assertThat(operations.indexOf("export.create")).isLessThan(operations.indexOf("export.detail"));
    assertThat(operations.indexOf("export.download_url"))
        .isLessThan(operations.indexOf("export.download"));
    // between the two, the job's events come through its outbox, a moment later than they
    // happened: their time says when (README, "Consuming the audit trail")
    assertThat(timeOf(trail, "job.completed"))
        .as("the link is minted and used only after the archive exists")
        .isBeforeOrEqualTo(timeOf(trail, "export.download_url"));
    JsonNode create = trail.get(operations.indexOf("export.create"));
    assertThat(create.get("data").get("request_id").asString())
        .isEqualTo(created.requestIdHeader());
    assertThat(create.get("data").get("reason").asString()).isEqualTo("data-subject request 7");
  }

  /**
   * Every event about {@code uid} on the audit topic, in offset order (one enterprise's events
   * share a partition), read until the download is there.
   */
  private static List<JsonNode> readTrailOf(String uid) {
    List<JsonNode> trail = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = committedReader()) {
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
                          if (event.get("type").asString().equals(DIGEST)
                              || uid.equals(event.path("subject").asString(""))) {
                            trail.add(event);
                          }
                        });
                return trail.stream().anyMatch(e -> operation(e).equals("export.download"));
              });
    }
    return trail;
  }

  private static KafkaConsumer<String, String> committedReader() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.facts().kafkaBootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "compliance-archive-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return new KafkaConsumer<>(p);
  }

  private static Instant timeOf(List<JsonNode> trail, String operation) {
    return trail.stream()
        .filter(event -> operation(event).equals(operation))
        .map(event -> Instant.parse(event.get("time").asString()))
        .findFirst()
        .orElseThrow();
  }

  private static String operation(JsonNode event) {
    return event.get("type").asString().substring("io.dataexport.audit.".length());
  }

  private static Schema schema(String file) throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(Path.of("..", "docs", "events", file)));
  }
}
