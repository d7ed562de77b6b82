package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.gateway.GatewayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Readiness follows the broker: a gateway that cannot reach Kafka reports itself not ready on its
 * management port, so an orchestrator routes elsewhere, and ready again once Kafka is back.
 * Liveness stays up throughout: restarting the process would not bring Kafka back.
 */
class ReadinessTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void readinessGoesDownWithTheBrokerAndUpWhenItReturns() throws Exception {
    MongoServer mongo = new MongoServer(H2Backend.inMemory());
    LocalKafkaBroker kafka = LocalKafkaBroker.start(data.resolve("kafka"), 0);
    String bootstrap = kafka.bootstrapServers();
    ConfigurableApplicationContext gateway = null;
    try {
      String mongoUri = "mongodb://127.0.0.1:" + mongo.bind().getPort();
      gateway =
          GatewayApplication.application()
              .run(
                  "--spring.kafka.bootstrap-servers=" + bootstrap,
                  "--dataexport.mongodb.uri=" + mongoUri,
                  "--dataexport.archive.filesystem.directory=" + data.resolve("archives"),
                  "--server.port=0",
                  "--management.server.port=0",
                  "--spring.main.register-shutdown-hook=false");
      String management =
          "http://localhost:" + gateway.getEnvironment().getProperty("local.management.port");
      assertThat(status(management + "/actuator/health/readiness")).isEqualTo(200);

      kafka.close();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(management + "/actuator/health/readiness") == 503);
      assertThat(status(management + "/actuator/health/liveness")).isEqualTo(200);

      kafka = LocalKafkaBroker.start(data.resolve("kafka"), 0);
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(management + "/actuator/health/readiness") == 200);
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      kafka.close();
      mongo.shutdownNow();
    }
  }

  private static int status(String url) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
