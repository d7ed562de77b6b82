package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataexport.audit.verify.VerifyAuditCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole chain as an auditor meets it: the worker seals the trail with the key the launcher
 * made, the gateway publishes the public key without asking for an API key, and verify-audit, given
 * that keys.json, verifies the stack's audit topic.
 */
class AuditSealingTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path data;

  @Test
  void theWorkersDigestsVerifyUnderTheKeyTheGatewayPublishes() throws Exception {
    StackSettings settings =
        new StackSettings(data.resolve("stack"), 0, 0, 0, 0)
            .withProperties(Map.of("dataexport.audit.seal.interval", "500ms"));
    try (EmbeddedStack stack = EmbeddedStack.start(settings)) {
      ApiClient api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
      api.post("enterprise.export.list", "{\"email\":\"" + DemoData.ADA.email() + "\"}");
      HttpResponse<String> published =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(stack.facts().baseUrl() + "/.well-known/dataexport/keys.json"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).isEqualTo(200);
      JsonNode key = JSON.readTree(published.body()).get("keys").get(0);
      assertThat(key.get("purpose").asString()).isEqualTo("audit-digest");
      assertThat(key.get("algorithm").asString()).isEqualTo("Ed25519");
      assertThat(published.body()).doesNotContain("private");
      Path keys = Files.writeString(data.resolve("keys.json"), published.body());

      await("the audit trail sealed and verified")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> verify(stack, keys).contains("0 unsealed events"));
      String report = verify(stack, keys);
      assertThat(report).contains(": ok").doesNotContain("findings").endsWith("verified\n");
    }
  }

  /** verify-audit's report, when it exits 0. */
  private static String verify(EmbeddedStack stack, Path keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        VerifyAuditCommand.run(
            new String[] {
              "--bootstrap-server", stack.facts().kafkaBootstrapServers(),
              "--topic", stack.facts().topics().audit(),
              "--keys", keys.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(report).isZero();
    return report;
  }
}
