package io.dataexport.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.demo.FileSink;
import io.dataexport.demo.GeneratedUser;
import io.dataexport.demo.GeneratorKnobs;
import io.dataexport.demo.SourceDataGenerator;
import io.dataexport.demo.UserContent;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.EmbeddedStack;
import io.dataexport.standalone.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Archive build throughput end to end on the embedded stack (issue 7): one JSON-heavy and one
 * file-heavy user's export, request to COMPLETED (source in the MongoDB-wire server and the file
 * bucket, archive into the encrypted filesystem store), beside {@code zip -r} over the same content
 * unpacked on local disk and {@code dd} of as many bytes, in the same run. Prints one line per
 * shape and tool:
 *
 * <pre>
 * ./mvnw -o -B -pl standalone -am verify -Pbenchmarks -Dtest=EndToEndThroughputBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false [-Dthroughput.sessions=4000]
 * </pre>
 */
@Tag("benchmark")
class EndToEndThroughputBenchmark {

  @TempDir Path data;
  @TempDir Path work;

  @Test
  void aJsonHeavyAndAFileHeavyExportBesideZipAndDd() throws Exception {
    int sessions = Integer.getInteger("throughput.sessions", 4000);
    try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0))) {
      var facts = stack.facts();
      String jsonHeavy;
      String fileHeavy;
      try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
        SourceDataGenerator generator =
            new SourceDataGenerator(
                client.getDatabase(facts.mongodbDatabase()),
                FileSink.directory(data.resolve("source-files")),
                new GeneratorKnobs(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, 0));
        jsonHeavy =
            user(
                generator,
                "json",
                new UserContent.Counts(sessions, 40, 0, 0, 0, 0, 0, 0, 0, 0, false));
        // 1 MiB files, half of them of kinds already compressed (png, pdf): STORED
        fileHeavy =
            user(
                generator,
                "files",
                new UserContent.Counts(64, 1, 2, 1 << 20, 0, 0, 0, 0, 0, 0, false));
      }
      Api api = new Api(facts.baseUrl(), facts.apiKey());
      // each shape at least twice: the first export in a fresh JVM also pays for class loading
      // and JIT
      int rounds = Math.max(2, Integer.getInteger("throughput.rounds", 2));
      for (int n = 1; n <= rounds; n++) {
        String round = String.valueOf(n);
        run(api, "json-heavy-" + round, jsonHeavy, "ENTERPRISE_EXPORT_SCOPE_TASKS");
        run(
            api,
            "file-heavy-" + round,
            fileHeavy,
            "ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS");
      }
    }
  }

  private static String user(
      SourceDataGenerator generator, String name, UserContent.Counts counts) {
    GeneratedUser user =
        generator.user(
            "throughput/" + name,
            "Throughput " + name,
            false,
            List.of(
                new GeneratedUser.Membership(
                    DemoData.ENTERPRISE_UID, "member", SourceDataGenerator.T0, null)));
    generator.content(user, counts);
    return user.userId();
  }

  private void run(Api api, String shape, String userId, String scope) throws Exception {
    long start = System.nanoTime();
    String uid = api.create(userId, scope, "throughput benchmark", null).uid();
    await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> api.status(uid).equals("EXPORT_STATUS_COMPLETED"));
    double export = (System.nanoTime() - start) / 1e9;
    JsonNode record = api.record(uid);
    // the worker's part alone, claim to finish: the request's way through the outbox and Kafka is
    // left out, and with it most of the round-to-round swing
    double worked =
        Duration.between(
                    Instant.parse(record.get("started_at").asString()),
                    Instant.parse(record.get("finished_at").asString()))
                .toNanos()
            / 1e9;

    Path archive = work.resolve(shape + ".zip");
    HttpResponse<Path> download =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(record.get("file_url").asString())).build(),
                HttpResponse.BodyHandlers.ofFile(archive));
    assertThat(download.statusCode()).isEqualTo(200);
    Path unpacked = Files.createDirectories(work.resolve(shape));
    assertThat(exec(unpacked, "unzip", "-q", archive.toString())).isZero();
    long content = size(unpacked);

    double zip =
        timed(unpacked, "zip", "-r", "-q", work.resolve(shape + "-zip-r.zip").toString(), ".");
    double dd =
        timed(
            work,
            "dd",
            "if=/dev/zero",
            "of=" + work.resolve(shape + ".dd"),
            "bs=1M",
            "count=" + Math.max(1, content >> 20),
            "status=none");
    System.out.printf(
        "%s: content %.1f MiB, archive %.1f MiB; export request to COMPLETED %.2f s (worker,"
            + " started to finished, %.2f s); zip -r %.2f s (zip ÷ export %.2fx); dd %.2f s (dd ÷"
            + " export %.0f %%)%n",
        shape,
        content / 1048576.0,
        Files.size(archive) / 1048576.0,
        export,
        worked,
        zip,
        zip / export,
        dd,
        100 * dd / export);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static double timed(Path dir, String... command) throws Exception {
    long start = System.nanoTime();
    assertThat(exec(dir, command)).isZero();
    return (System.nanoTime() - start) / 1e9;
  }

  private static int exec(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.MINUTES)).isTrue();
    return process.exitValue();
  }
}
