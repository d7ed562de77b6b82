package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Connect client works unchanged: the Connect-ES test suite in {@code clients/connect-es}
 * (code generated from the API's proto by buf + protoc-gen-es, transport from
 * {@code @connectrpc/connect-node}) runs against the embedded stack, calling every method in JSON
 * and in binary. Needs Node 20+ and npm on the PATH; {@code npm ci} runs once, when {@code
 * node_modules} is missing.
 */
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
      assertThat(npm(List.of("ci", "--no-audit", "--no-fund"), Map.of(), 10)).as("npm ci").isZero();
    }
    Map<String, String> env =
        Map.of(
            "BASE_URL", stack.facts().baseUrl(),
            "API_KEY", stack.facts().apiKey(),
            "USER_ID", DemoData.ADA.userId());
    assertThat(npm(List.of("test"), env, 5)).as("npm test in " + CLIENT_DIR).isZero();
  }

  /**
   * Runs npm in the client directory; its output is copied to this JVM's stdout line by line
   * (inheriting the stream would write into Surefire's channel to the forked JVM).
   */
  private static int npm(List<String> args, Map<String, String> env, long timeoutMinutes)
      throws IOException, InterruptedException {
    String npm =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win") ? "npm.cmd" : "npm";
    ProcessBuilder builder =
        new ProcessBuilder(Stream.concat(Stream.of(npm), args.stream()).toList())
            .directory(CLIENT_DIR.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines()
                    .forEach(line -> System.out.println("[npm " + args.get(0) + "] " + line));
              } catch (IOException e) {
                System.out.println("[npm " + args.get(0) + "] output lost: " + e);
              }
            },
            "npm-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(
          "npm "
              + String.join(" ", args)
              + " did not finish within "
              + timeoutMinutes
              + " minutes");
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }
}
