package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.gateway.GatewayApplication;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fail-closed: with the audit topic's broker stopped, an API call is answered {@code unavailable}
 * (never its result, never a bare 500), and answered normally again once the broker is back.
 */
class AuditFailClosedTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path data;

  @Test
  void aCallThatCannotBeAuditedIsRefusedUnavailable() throws Exception {
    MongoServer mongo = new MongoServer(H2Backend.inMemory());
    LocalKafkaBroker kafka = LocalKafkaBroker.start(data.resolve("kafka"), 0);
    ConfigurableApplicationContext gateway = null;
    try {
      String mongoUri = "mongodb://127.0.0.1:" + mongo.bind().getPort();
      String key;
      try (MongoClient client = MongoClients.create(mongoUri)) {
        key =
            new ApiKeyStore(client.getDatabase("dataexport"))
                .issue("ent_failclosed", Role.ADMIN, "fail-closed test", Instant.now())
                .apiKey();
      }
      gateway =
          GatewayApplication.application()
              .run(
                  "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--dataexport.mongodb.uri=" + mongoUri,
                  "--dataexport.archive.filesystem.directory=" + data.resolve("archives"),
                  "--server.port=0",
                  "--management.server.port=0",
                  "--spring.main.register-shutdown-hook=false");
      String base = "http://localhost:" + gateway.getEnvironment().getProperty("local.server.port");
      // the enterprise has no such user: refused, which is audited like any answer
      int answered = list(base, key).statusCode();
      assertThat(answered).isBetween(400, 499);

      kafka.close();

      HttpResponse<String> refused = list(base, key);
      assertThat(refused.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(refused.body());
      assertThat(body.get("code").asString()).isEqualTo("unavailable");
      assertThat(body.get("message").asString()).contains("audit trail");
      assertThat(body.has("exports")).isFalse();

      kafka = LocalKafkaBroker.start(data.resolve("kafka"), 0);
      String gatewayBase = base;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> list(gatewayBase, key).statusCode() == answered);
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      kafka.close();
      mongo.shutdownNow();
    }
  }

  /** Lists exports of a user the enterprise does not have. */
  private static HttpResponse<String> list(String base, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/v2/enterprise.export.list"))
            .header("Content-Type", "application/json")
            .header("X-API-Key", key)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"usr_nobody\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
