package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Connect client works unchanged: the Connect-ES test suite in {@code clients/connect-es}
 * (code generated from the API's proto by buf + protoc-gen-es, transport from
 * {@code @connectrpc/connect-node}) runs against the embedded stack, calling every method in JSON
 * and in binary. Needs Node 20+ and npm on the PATH; {@code npm ci} runs once, when {@code
 * node_modules} is missing.
 */
// npm ci and npm test run inside the test, each under its own limit (Npm: 10 and 5 minutes), past
// the suite's default of 3 minutes when the registry is slow
@Timeout(value = 16, unit = TimeUnit.MINUTES)
class ConnectClientTest {

  private static final Path CLIENT_DIR =
      Path.of("..", "clients", "connect-es").toAbsolutePath().normalize();

  @TempDir static Path data;
  private static EmbeddedStack stack;

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theConnectEsClientCallsEveryMethodInJsonAndBinary() throws Exception {
    assertThat(CLIENT_DIR.resolve("package.json")).exists();
    if (!Files.isDirectory(CLIENT_DIR.resolve("node_modules"))) {
      assertThat(Npm.run(CLIENT_DIR, List.of("ci", "--no-audit", "--no-fund"), Map.of(), 10))
          .as("npm ci")
          .isZero();
    }
    Map<String, String> env =
        Map.of(
            "BASE_URL", stack.facts().baseUrl(),
            "API_KEY", stack.facts().apiKey(),
            "USER_ID", DemoData.ADA.userId());
    assertThat(Npm.run(CLIENT_DIR, List.of("test"), env, 5))
        .as("npm test in " + CLIENT_DIR)
        .isZero();
  }
}
