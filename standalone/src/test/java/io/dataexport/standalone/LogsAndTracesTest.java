package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataexport.standalone.ApiClient.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logs and the trace of one export, read from the console of the whole embedded stack (gateway,
 * outbox relay, Kafka broker, worker) with JSON lines switched on as the services have them by
 * default: every line one JSON object; the gateway's line of the CreateExport call and the worker's
 * lines of the export in one trace; each line naming what it is about; no API key anywhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogsAndTracesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  /** An API key as the gateway issues them: {@code dex_<key id>_<secret>}. */
  private static final Pattern API_KEY = Pattern.compile("\\bdex_[A-Za-z0-9]+_[A-Za-z0-9]+");

  @TempDir Path data;

  @Test
  void oneExportIsOneTraceFromTheGatewayThroughKafkaToTheWorker(CapturedOutput output)
      throws Exception {
    StackSettings settings =
        new StackSettings(data, 0, 0, 0, 0)
            .withProperties(Map.of("logging.structured.format.console", "ecs"));
    try (EmbeddedStack stack = EmbeddedStack.start(settings)) {
      int started = output.getAll().length();
      ApiClient api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
      String wrongKey = "dex_k0nosuchkey_s3cr3tthatmustnotbelogged";
      Answer refused =
          new ApiClient(stack.facts().baseUrl(), wrongKey)
              .post("enterprise.export.list", json("user_id", DemoData.ADA.userId()));
      assertThat(refused.status()).as("a call with an unknown key").isEqualTo(401);

      Answer created =
          api.post(
              "enterprise.export.create",
              json(
                  "user_id",
                  DemoData.GRACE.userId(),
                  "scope",
                  "ENTERPRISE_EXPORT_SCOPE_FULL",
                  "reason",
                  "trace test"));
      assertThat(created.status()).isEqualTo(200);
      String uid = created.body().get("uid").asString();
      String requestId = created.requestIdHeader();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> output.getAll().contains("export " + uid + " completed"));

      String sinceStart = output.getAll().substring(started);
      List<JsonNode> lines = jsonLines(sinceStart);
      assertThat(jsonLines(fromFirstJsonLine(output.getAll())))
          .as("the stack's lines from its first JSON line on: each one JSON object")
          .isNotEmpty();

      JsonNode gateway =
          single(
              lines,
              line ->
                  text(line, "message").equals("export.create succeeded")
                      && requestId.equals(text(line, "request_id")),
              "the gateway's line of the CreateExport call");
      String traceId = text(gateway, "traceId");
      assertThat(traceId).as("trace id of the CreateExport call").matches(TRACE_ID);
      assertThat(text(gateway, "enterprise_uid")).isEqualTo(DemoData.ENTERPRISE_UID);
      assertThat(text(gateway, "export_uid")).isEqualTo(uid);

      List<JsonNode> worker =
          lines.stream()
              .filter(line -> uid.equals(text(line, "export_uid")))
              .filter(
                  line -> text(line.path("process").path("thread"), "name").startsWith("dispatch-"))
              .toList();
      assertThat(worker)
          .as("the worker's lines of export %s", uid)
          .anySatisfy(
              line ->
                  assertThat(text(line, "message")).startsWith("export " + uid + " completed: "))
          .allSatisfy(
              line -> {
                assertThat(text(line, "traceId")).as("trace of %s", line).isEqualTo(traceId);
                assertThat(text(line, "enterprise_uid")).isEqualTo(DemoData.ENTERPRISE_UID);
                assertThat(text(line, "request_id")).isEqualTo(requestId);
                assertThat(text(line, "spanId")).isNotEqualTo(text(gateway, "spanId"));
              });

      String everything = output.getAll();
      assertThat(everything)
          .as("the console")
          .doesNotContain(stack.facts().apiKey())
          .doesNotContain(wrongKey)
          .doesNotContain("s3cr3tthatmustnotbelogged");
      assertThat(API_KEY.matcher(everything).find()).as("an API key on the console").isFalse();
    }
  }

  /** Every non-empty line, each of which must be one JSON object. */
  private static List<JsonNode> jsonLines(String text) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (RuntimeException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
      assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
      lines.add(node);
    }
    return lines;
  }

  /** Before Spring Boot configures logging, the broker's first lines are text. */
  private static String fromFirstJsonLine(String text) {
    int first = text.indexOf("\n{");
    return text.startsWith("{") ? text : first < 0 ? "" : text.substring(first + 1);
  }

  private static JsonNode single(
      List<JsonNode> lines, java.util.function.Predicate<JsonNode> which, String what) {
    List<JsonNode> found = lines.stream().filter(which).toList();
    assertThat(found).as(what).hasSize(1);
    return found.get(0);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : "";
  }
}
