package io.dataexport.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.demo.FileSink;
import io.dataexport.gateway.GatewayApplication;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.LocalKafkaBroker;
import io.dataexport.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pipeline's two benchmarks of issue 6, run only on request (tag {@code benchmark}, excluded
 * from {@code ./mvnw verify}; {@code ./mvnw -o -B -pl standalone -am verify -Pbenchmarks} runs
 * them):
 *
 * <ol>
 *   <li><b>Throughput</b>: completed exports per minute for {@code bench.exports} (1,000) small
 *       exports with one worker process and with two, trials alternating. The exports are created
 *       first, with no worker running; then the workers start, and the exports claimed once the
 *       group is stable (every worker has its partitions) count, until the last one completed;
 *   <li><b>Head of line</b>: a short export's completion time alone, and beside a long export of
 *       another user queued in the same partition (the requests topic has one partition here).
 * </ol>
 *
 * <p>Each trial starts a fresh pipeline as the multi-process tests do — a Kafka broker and a
 * MongoDB-wire server (in memory) in this JVM with the gateway, workers as separate JVMs — but the
 * workers run with the settings and JVM options of a deployment (default JIT and GC, 512 MiB heap,
 * default lease, concurrency and retry settings), not the quick-start ones of the fault test. The
 * exports are created through the gateway's API. Results are tables on standard output (prefixed
 * {@code PipelineBenchmark:}) and in {@code target/pipeline-benchmark.md}, with the CPU each
 * process used, to explain them.
 */
@Tag("benchmark")
class PipelineBenchmark {

  private static final int EXPORTS = Integer.getInteger("bench.exports", 1000);
  private static final int USERS = Integer.getInteger("bench.users", 500);
  private static final int ENTERPRISES = Integer.getInteger("bench.enterprises", 4);
  private static final int TRIALS = Integer.getInteger("bench.trials", 3);
  private static final int SHORT_RUNS = Integer.getInteger("bench.short-runs", 5);
  private static final int LONG_SESSIONS = Integer.getInteger("bench.long-sessions", 10000);

  private static final String DATABASE = "dataexport";
  private static final String COMPLETED = "EXPORT_STATUS_COMPLETED";
  private static final String PROCESSING = "EXPORT_STATUS_PROCESSING";
  private static final List<String> TERMINAL =
      List.of(COMPLETED, "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED");
  private static final String FULL = "ENTERPRISE_EXPORT_SCOPE_FULL";
  private static final Instant END_TIME = Instant.parse("2026-01-01T00:00:00Z");

  private static final List<String> report = new ArrayList<>();

  @TempDir Path dir;

  // ---- 1. throughput with one and with two worker processes

  @Test
  @Timeout(value = 90, unit = TimeUnit.MINUTES)
  void completedExportsPerMinuteWithOneAndTwoWorkers() throws Exception {
    print(
        "throughput: %d small exports (%d users of %d enterprises, 5 sessions each), %d trials"
            + " per worker count, alternating; machine %s",
        EXPORTS, USERS, ENTERPRISES, TRIALS, Machine.describe());
    // a warm-up of this JVM's parts (gateway, broker, MongoDB-wire server), not counted
    throughputTrial(1, Math.min(200, EXPORTS), "warm-up");

    Map<Integer, List<Throughput>> trials = new TreeMap<>();
    for (int t = 1; t <= TRIALS; t++) {
      for (int workers : List.of(1, 2)) {
        Throughput trial = throughputTrial(workers, EXPORTS, "trial " + t);
        trials.computeIfAbsent(workers, w -> new ArrayList<>()).add(trial);
      }
    }

    print("");
    print(
        "| workers | trial | exports counted | exports/min | group stable → last completed | claimed before (not counted) | creating all took (no worker running) | load avg (1 min) at start | CPU: this JVM (gateway, broker, MongoDB) | CPU: worker JVMs | machine busy |");
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    trials.forEach(
        (workers, list) -> {
          for (int i = 0; i < list.size(); i++) {
            Throughput r = list.get(i);
            print(
                "| %d | %d | %d | %.0f | %.1f s | %d | %.1f s | %.2f | %.0f %% | %s | %.0f %% |",
                workers,
                i + 1,
                r.completed,
                r.perMinute(),
                r.seconds,
                r.claimedBefore,
                r.createSeconds,
                r.loadAtStart,
                r.cpu.selfPct,
                r.cpu.childPct.stream().map(p -> "%.0f %%".formatted(p)).toList(),
                r.cpu.machineBusyPct);
          }
        });
    print("");
    print("| workers | exports/min, median | spread (min – max) | two ÷ one (medians) |");
    print("| --- | --- | --- | --- |");
    double one = median(trials.get(1).stream().map(Throughput::perMinute).toList());
    for (Map.Entry<Integer, List<Throughput>> e : trials.entrySet()) {
      List<Double> rates = e.getValue().stream().map(Throughput::perMinute).toList();
      print(
          "| %d | %.0f | %.0f – %.0f | %s |",
          e.getKey(),
          median(rates),
          rates.stream().mapToDouble(d -> d).min().orElse(0),
          rates.stream().mapToDouble(d -> d).max().orElse(0),
          e.getKey() == 1 ? "" : "%.2f×".formatted(median(rates) / one));
    }
    print("");
    print(
        "Where the CPU went, % of one CPU: this JVM by Java thread (GC and JIT not counted),"
            + " the worker JVMs by thread of any kind:");
    trials.forEach(
        (workers, list) ->
            list.forEach(
                r ->
                    print(
                        "  %d worker(s): this JVM %s; worker JVMs (together) %s",
                        workers, r.cpu.selfByThreadPct, r.cpu.workersByThreadPct)));
    writeReport();

    trials.values().stream()
        .flatMap(List::stream)
        .forEach(
            r ->
                assertThat(r.completed + r.claimedBefore)
                    .as("exports COMPLETED")
                    .isEqualTo(EXPORTS));
  }

  private record Throughput(
      int completed,
      int claimedBefore,
      double seconds,
      double createSeconds,
      double loadAtStart,
      Cpu.Use cpu,
      Map<Integer, Long> attempts) {

    double perMinute() {
      return completed / seconds * 60;
    }
  }

  private Throughput throughputTrial(int workerCount, int exports, String label) throws Exception {
    Path trialDir = Files.createTempDirectory(dir, "throughput-");
    try (Pipeline pipeline = Pipeline.start(trialDir, Map.of())) {
      List<String[]> users = new ArrayList<>(); // enterprise, user
      Map<String, Api> apis = new HashMap<>();
      for (int e = 0; e < ENTERPRISES; e++) {
        String enterprise = e == 0 ? DemoData.ENTERPRISE_UID : "ent_bench_" + e;
        pipeline.source.enterprise(enterprise, "Bench " + e);
        apis.put(enterprise, new Api(pipeline.baseUrl, pipeline.source.adminKey(enterprise)));
      }
      for (int u = 0; u < USERS; u++) {
        String enterprise =
            u % ENTERPRISES == 0 ? DemoData.ENTERPRISE_UID : "ent_bench_" + u % ENTERPRISES;
        String user = SourceData.userId("bench/" + u);
        pipeline.source.user(user, enterprise);
        pipeline.source.sessions(user, 5, 4, 200);
        users.add(new String[] {enterprise, user});
      }
      // the requests first, with no worker running: what follows measures the workers alone
      long start = System.nanoTime();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<Api.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < exports; i++) {
        String[] user = users.get(i % users.size());
        ObjectNode body = Api.fields().put("end_time", END_TIME.minusMillis(i).toString());
        answers.add(
            clients.submit(() -> apis.get(user[0]).create(user[1], FULL, "bench " + label, body)));
      }
      for (Future<Api.Answer> answer : answers) {
        Api.Answer a = answer.get();
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
      }
      clients.shutdown();
      double createSeconds = (System.nanoTime() - start) / 1e9;
      // every request published (the relay clears the job's outbox once the broker has it)
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> pipeline.jobs.countDocuments(Filters.exists("outbox_since")) == 0);

      for (int w = 1; w <= workerCount; w++) {
        pipeline.startWorker("w" + w, Map.of());
      }
      pipeline.awaitWorkerGroup(workerCount);
      // from here every worker has its partitions: the exports claimed since count
      Date measured = new Date();
      double load = Machine.loadAverage();
      Cpu cpu = Cpu.start(pipeline.workerPids());
      await()
          .atMost(Duration.ofMinutes(20))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> pipeline.jobs.countDocuments(Filters.in("status", TERMINAL)) >= exports);
      Cpu.Use use = cpu.stop();

      Date lastFinished = null;
      int completed = 0;
      int claimedBefore = 0;
      Map<Integer, Long> attempts = new TreeMap<>();
      for (Document job : pipeline.jobs.find()) {
        Date finished = job.getDate("finished_at");
        lastFinished =
            lastFinished == null || finished.after(lastFinished) ? finished : lastFinished;
        boolean counted = !job.getDate("started_at").before(measured);
        claimedBefore += counted ? 0 : 1;
        completed += counted && COMPLETED.equals(job.getString("status")) ? 1 : 0;
        attempts.merge(job.getInteger("attempt", 0), 1L, Long::sum);
      }
      double seconds = (lastFinished.getTime() - measured.getTime()) / 1000.0;
      Throughput result =
          new Throughput(completed, claimedBefore, seconds, createSeconds, load, use, attempts);
      print(
          "throughput %s, %d worker(s): %d exports completed in %.1f s after the group was"
              + " stable = %.0f exports/min (%d claimed before, not counted; creating all %d took"
              + " %.1f s; attempts %s; %d partitions); CPU %s",
          label,
          workerCount,
          completed,
          seconds,
          result.perMinute(),
          claimedBefore,
          exports,
          createSeconds,
          attempts,
          pipeline.requestPartitions(),
          use);
      return result;
    }
  }

  // ---- 2. a short export alone and beside a long one

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void shortExportAloneAndBesideALongOne() throws Exception {
    Path trialDir = Files.createTempDirectory(dir, "head-of-line-");
    // one partition: the long export's request and the short ones' are in the same partition
    Map<String, String> onePartition = Map.of("dataexport.kafka.partitions", "1");
    try (Pipeline pipeline = Pipeline.start(trialDir, onePartition)) {
      String shortUser = SourceData.userId("bench/short");
      String longUser = SourceData.userId("bench/long");
      pipeline.source.user(shortUser, DemoData.ENTERPRISE_UID);
      List<String> sessions = pipeline.source.sessions(shortUser, 5, 4, 200);
      pipeline.source.files(shortUser, sessions.get(0), 2, 2048);
      long seeding = System.nanoTime();
      pipeline.source.user(longUser, DemoData.ENTERPRISE_UID);
      pipeline.source.sessions(longUser, LONG_SESSIONS, 12, 200);
      print(
          "head of line: a short user (5 sessions of 4 events, 2 files of 2 KiB) and a long user"
              + " (%d sessions of 12 events of 200 characters, seeded in %.0f s), one partition,"
              + " one worker, %d trials of %d short exports alone then beside a long one;"
              + " machine %s",
          LONG_SESSIONS,
          (System.nanoTime() - seeding) / 1e9,
          TRIALS,
          SHORT_RUNS,
          Machine.describe());
      pipeline.startWorker("w1", Map.of());
      pipeline.awaitWorkerGroup(1);
      Api api = new Api(pipeline.baseUrl, pipeline.apiKey);

      // warm-up of both paths: a long export, then short ones, not counted
      ObjectNode warmUpBody = Api.fields().put("end_time", END_TIME.plusMillis(1).toString());
      String warmUpUid = created(api.create(longUser, FULL, "warm-up", warmUpBody)).uid();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.status(warmUpUid), PipelineBenchmark::isTerminal);
      for (int i = 0; i < 10; i++) {
        runToEnd(api, shortUser, "warm-up " + i);
      }
      List<HeadOfLine> trials = new ArrayList<>();
      for (int t = 0; t < TRIALS; t++) {
        double load = Machine.loadAverage();
        Cpu aloneCpu = Cpu.start(pipeline.workerPids());
        List<Long> alone = new ArrayList<>();
        for (int i = 0; i < SHORT_RUNS; i++) {
          alone.add(Api.runTime(runToEnd(api, shortUser, "alone " + t + "." + i)).toMillis());
        }
        Cpu.Use aloneUse = aloneCpu.stop();

        ObjectNode longBody = Api.fields().put("end_time", END_TIME.minusMillis(t).toString());
        String longUid = created(api.create(longUser, FULL, "long " + t, longBody)).uid();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> api.status(longUid), PROCESSING::equals);
        Cpu besideCpu = Cpu.start(pipeline.workerPids());
        List<Long> beside = new ArrayList<>();
        int whileLongRan = 0;
        for (int i = 0; i < SHORT_RUNS; i++) {
          JsonNode record = runToEnd(api, shortUser, "beside " + t + "." + i);
          boolean longStillRuns = PROCESSING.equals(api.status(longUid));
          beside.add(Api.runTime(record).toMillis());
          whileLongRan += longStillRuns ? 1 : 0;
        }
        Cpu.Use besideUse = besideCpu.stop();
        JsonNode longRecord =
            await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.record(longUid), r -> isTerminal(r.get("status").asString()));
        HeadOfLine trial =
            new HeadOfLine(
                alone,
                beside,
                whileLongRan,
                Api.runTime(longRecord).toMillis(),
                longRecord.get("status").asString(),
                load,
                aloneUse,
                besideUse);
        trials.add(trial);
        print(
            "head of line trial %d: short alone %s ms, beside the long one %s ms (%d of %d done"
                + " while it ran); long export %d ms %s; CPU alone %s, beside %s",
            t + 1,
            alone,
            beside,
            whileLongRan,
            SHORT_RUNS,
            trial.longMillis,
            trial.longStatus,
            aloneUse,
            besideUse);
      }

      print("");
      print(
          "| trial | short alone, median (min – max) | short beside the long one, median (min – max) | beside ÷ alone | shorts done while the long one ran | long export | load avg (1 min) | CPU alone: this JVM / worker / machine | CPU beside: this JVM / worker / machine |");
      print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (int t = 0; t < trials.size(); t++) {
        HeadOfLine r = trials.get(t);
        print(
            "| %d | %s | %s | %.2f× | %d of %d | %.1f s | %.2f | %s | %s |",
            t + 1,
            spread(r.alone),
            spread(r.beside),
            r.ratio(),
            r.whileLongRan,
            SHORT_RUNS,
            r.longMillis / 1000.0,
            r.loadAtStart,
            r.aloneCpu.brief(),
            r.besideCpu.brief());
      }
      List<Long> allAlone = trials.stream().flatMap(r -> r.alone.stream()).toList();
      List<Long> allBeside = trials.stream().flatMap(r -> r.beside.stream()).toList();
      print("");
      print(
          "all trials: short alone %s, beside %s: beside ÷ alone = %.2f× (medians of all runs);"
              + " median of the trials' ratios %.2f×",
          spread(allAlone),
          spread(allBeside),
          median(allBeside.stream().map(Long::doubleValue).toList())
              / median(allAlone.stream().map(Long::doubleValue).toList()),
          median(trials.stream().map(HeadOfLine::ratio).toList()));
      print("");
      print(
          "Where the CPU went, % of one CPU: this JVM by Java thread (GC and JIT not counted),"
              + " the worker JVMs by thread of any kind:");
      for (HeadOfLine r : trials) {
        print(
            "  alone:  this JVM %s; worker JVM %s",
            r.aloneCpu.selfByThreadPct, r.aloneCpu.workersByThreadPct);
        print(
            "  beside: this JVM %s; worker JVM %s",
            r.besideCpu.selfByThreadPct, r.besideCpu.workersByThreadPct);
      }
      writeReport();

      for (HeadOfLine r : trials) {
        assertThat(r.longStatus).isEqualTo(COMPLETED);
        assertThat(r.whileLongRan).as("short exports done while the long one ran").isPositive();
      }
    }
  }

  private record HeadOfLine(
      List<Long> alone,
      List<Long> beside,
      int whileLongRan,
      long longMillis,
      String longStatus,
      double loadAtStart,
      Cpu.Use aloneCpu,
      Cpu.Use besideCpu) {

    double ratio() {
      return median(beside.stream().map(Long::doubleValue).toList())
          / median(alone.stream().map(Long::doubleValue).toList());
    }
  }

  private static JsonNode runToEnd(Api api, String userId, String reason) {
    String uid = created(api.create(userId, FULL, reason, null)).uid();
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> api.record(uid), r -> isTerminal(r.get("status").asString()));
  }

  private static Api.Answer created(Api.Answer answer) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer;
  }

  private static boolean isTerminal(String status) {
    return TERMINAL.contains(status);
  }

  // ---- the pipeline of one trial

  /**
   * MongoDB-wire server (in memory), Kafka broker and gateway in this JVM; workers as JVMs of their
   * own with a deployment's settings.
   */
  private static final class Pipeline implements AutoCloseable {
    final Path dir;
    final Map<String, String> properties;
    MongoServer mongo;
    MongoClient direct;
    MongoCollection<Document> jobs;
    SourceData source;
    LocalKafkaBroker broker;
    ConfigurableApplicationContext gateway;
    String mongoUri;
    String baseUrl;
    String apiKey;
    final List<Process> workers = new ArrayList<>();

    private Pipeline(Path dir, Map<String, String> properties) {
      this.dir = dir;
      this.properties = properties;
    }

    static Pipeline start(Path dir, Map<String, String> properties) throws IOException {
      Pipeline pipeline = new Pipeline(dir, properties);
      try {
        pipeline.startStack();
        return pipeline;
      } catch (IOException | RuntimeException e) {
        pipeline.close();
        throw e;
      }
    }

    private void startStack() throws IOException {
      mongo = new MongoServer(H2Backend.inMemory());
      mongo.bind("127.0.0.1", 0);
      mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
      direct = MongoClients.create(mongoUri);
      MongoDatabase db = direct.getDatabase(DATABASE);
      jobs = db.getCollection("export_jobs");
      broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0);
      int port = freePort();
      Map<String, String> args = new LinkedHashMap<>();
      args.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
      args.put("dataexport.mongodb.uri", mongoUri);
      args.put("dataexport.mongodb.database", DATABASE);
      args.put("dataexport.archive.store", "filesystem");
      args.put("dataexport.archive.filesystem.directory", dir.resolve("archives").toString());
      args.put("dataexport.archive.links.signing-key", "0123456789abcdef".repeat(4));
      args.put("dataexport.archive.links.public-base-url", "http://localhost:" + port);
      args.put("server.port", Integer.toString(port));
      args.put("management.server.port", "0"); // not the fixed 8091 of api-gateway.yml
      args.put("spring.main.register-shutdown-hook", "false");
      args.put("logging.include-application-name", "false");
      // measures the service at rates one key may not reach in production
      args.put("dataexport.rate-limit.enabled", "false");
      args.putAll(properties);
      gateway = GatewayApplication.application().run(arguments(args));
      baseUrl = "http://localhost:" + port;
      DemoData.seed(db, FileSink.directory(dir.resolve("source-files")));
      source = new SourceData(db, dir.resolve("source-files"));
      apiKey = source.adminKey(DemoData.ENTERPRISE_UID);
    }

    /** A worker JVM as deployed: default JIT and GC, a 512 MiB heap, default settings. */
    void startWorker(String id, Map<String, String> overrides) throws IOException {
      Map<String, String> args = new LinkedHashMap<>();
      args.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
      args.put("dataexport.mongodb.uri", mongoUri);
      args.put("dataexport.mongodb.database", DATABASE);
      args.put("dataexport.archive.store", "filesystem");
      args.put("dataexport.archive.filesystem.directory", dir.resolve("archives").toString());
      args.put("dataexport.worker.spool-directory", dir.resolve("spool-" + id).toString());
      args.put("dataexport.worker.worker-id", id);
      args.put("dataexport.source.filesystem.directory", dir.resolve("source-files").toString());
      args.put("server.port", "0");
      args.put("logging.include-application-name", "false");
      // measures the service at rates one key may not reach in production
      args.put("dataexport.rate-limit.enabled", "false");
      args.putAll(properties);
      args.putAll(overrides);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx512m");
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(WorkerApplication.class.getName());
      command.addAll(List.of(arguments(args)));
      Path log = dir.resolve(id + ".log");
      workers.add(
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start());
    }

    int requestPartitions() throws Exception {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (Admin admin = Admin.create(p)) {
        String topic = io.dataexport.event.Topics.EXPORT_REQUESTED;
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(10, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
      }
    }

    List<Long> workerPids() {
      return workers.stream().map(Process::pid).toList();
    }

    /** Until the group has {@code members} members sharing every partition of the requests. */
    void awaitWorkerGroup(int members) {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (Admin admin = Admin.create(p)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(
                () -> {
                  ConsumerGroupDescription group =
                      admin
                          .describeConsumerGroups(List.of("export-worker"))
                          .all()
                          .get(10, TimeUnit.SECONDS)
                          .get("export-worker");
                  long assigned =
                      group.members().stream()
                          .map(MemberDescription::assignment)
                          .mapToLong(a -> a.topicPartitions().size())
                          .sum();
                  return group.groupState() == GroupState.STABLE
                      && group.members().size() == members
                      && group.members().stream()
                          .allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                      && assigned > 0;
                });
      }
    }

    @Override
    public void close() {
      for (Process worker : workers) {
        worker.destroy();
      }
      for (Process worker : workers) {
        try {
          if (!worker.waitFor(40, TimeUnit.SECONDS)) {
            worker.destroyForcibly().waitFor();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (gateway != null) {
        gateway.close();
      }
      if (broker != null) {
        broker.close();
      }
      if (direct != null) {
        direct.close();
      }
      if (mongo != null) {
        mongo.shutdown();
      }
    }

    private static String[] arguments(Map<String, String> args) {
      return args.entrySet().stream()
          .map(e -> "--" + e.getKey() + "=" + e.getValue())
          .toArray(String[]::new);
    }
  }

  // ---- CPU: this JVM by thread, the worker JVMs, the machine

  /** CPU used between {@link #start} and {@link #stop}. */
  static final class Cpu {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ
    private static final Map<String, Pattern> THREADS = threadGroups();

    private final long started = System.nanoTime();
    private final List<Long> pids;
    private final long self;
    private final List<Long> children;
    private final long[] machine;
    private final Map<Long, Long> threads;
    private final Map<String, Long> childThreads;

    private Cpu(List<Long> pids) {
      this.pids = List.copyOf(pids);
      this.self = processTicks(ProcessHandle.current().pid());
      this.children = pids.stream().map(Cpu::processTicks).toList();
      this.machine = machineTicks();
      this.threads = threadNanos();
      this.childThreads = childThreadTicks(pids);
    }

    static Cpu start(List<Long> childPids) {
      return new Cpu(childPids);
    }

    /** Shares of one core, in per cent (200 % is both cores of a 2-core machine). */
    record Use(
        double selfPct,
        List<Double> childPct,
        double machineBusyPct,
        Map<String, Long> selfByThreadPct,
        Map<String, Long> workersByThreadPct) {

      String brief() {
        return "%.0f %% / %s / %.0f %%"
            .formatted(
                selfPct,
                childPct.stream()
                    .map(p -> "%.0f %%".formatted(p))
                    .collect(Collectors.joining(", ")),
                machineBusyPct);
      }

      @Override
      public String toString() {
        return "this JVM %.0f %%, workers %s, machine %.0f %% busy"
            .formatted(
                selfPct,
                childPct.stream().map(p -> "%.0f %%".formatted(p)).toList(),
                machineBusyPct);
      }
    }

    Use stop() {
      double seconds = (System.nanoTime() - started) / 1e9;
      Function<Long, Double> pct = ticks -> 100.0 * ticks / TICKS_PER_SECOND / seconds;
      double selfPct = pct.apply(processTicks(ProcessHandle.current().pid()) - self);
      List<Double> childPct = new ArrayList<>();
      for (int i = 0; i < pids.size(); i++) {
        childPct.add(pct.apply(processTicks(pids.get(i)) - children.get(i)));
      }
      long[] now = machineTicks();
      double busy = 100.0 * (1 - (double) (now[1] - machine[1]) / (now[0] - machine[0]));
      Map<String, Long> byGroup = new LinkedHashMap<>();
      Map<Long, Long> after = threadNanos();
      Map<String, Long> nanosByGroup = new HashMap<>();
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      for (var info : mx.getThreadInfo(after.keySet().stream().mapToLong(l -> l).toArray())) {
        if (info == null) {
          continue;
        }
        long delta = after.get(info.getThreadId()) - threads.getOrDefault(info.getThreadId(), 0L);
        String group =
            THREADS.entrySet().stream()
                .filter(e -> e.getValue().matcher(info.getThreadName()).find())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("other");
        nanosByGroup.merge(group, delta, Long::sum);
      }
      nanosByGroup.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> byGroup.put(e.getKey(), Math.round(100.0 * e.getValue() / 1e9 / seconds)));
      Map<String, Long> childBefore = childThreads;
      Map<String, Long> childAfter = childThreadTicks(pids);
      Map<String, Long> byWorkerGroup = new LinkedHashMap<>();
      Map<String, Long> ticksByWorkerGroup = new HashMap<>();
      childAfter.forEach(
          (thread, ticks) -> {
            String group =
                WORKER_THREADS.entrySet().stream()
                    .filter(
                        e -> e.getValue().matcher(thread.substring(thread.indexOf('/') + 1)).find())
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse("other");
            ticksByWorkerGroup.merge(
                group, ticks - childBefore.getOrDefault(thread, 0L), Long::sum);
          });
      ticksByWorkerGroup.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> byWorkerGroup.put(e.getKey(), Math.round(pct.apply(e.getValue()))));
      return new Use(selfPct, childPct, busy, byGroup, byWorkerGroup);
    }

    private static Map<String, Pattern> threadGroups() {
      Map<String, Pattern> groups = new LinkedHashMap<>();
      groups.put("MongoDB-wire server", Pattern.compile("^(mongo-server|H2|MVStore)"));
      groups.put("gateway HTTP", Pattern.compile("^http-nio"));
      groups.put("outbox relay", Pattern.compile("^outbox-relay"));
      groups.put("Kafka clients", Pattern.compile("^kafka-producer|^kafka-admin|adminclient"));
      groups.put(
          "Kafka broker",
          Pattern.compile(
              "^(data-plane|kafka|broker|controller|group-coord|share|raft|quorum|transaction"
                  + "|persister|Persister|TxnMarker|AddPartitions|LogDirFailure|ExpirationReaper"
                  + "|executor-|SensorExpiry|ReplicaFetcher)"));
      groups.put("benchmark clients", Pattern.compile("^pool-"));
      return groups;
    }

    /** The worker JVMs' threads by their Linux names (15 characters at most). */
    private static final Map<String, Pattern> WORKER_THREADS =
        new LinkedHashMap<>(
            Map.of(
                "exports (dispatch-N)", Pattern.compile("^dispatch-"),
                "JIT compiler", Pattern.compile("^C[12] Compiler"),
                "GC", Pattern.compile("^(GC Thread|G1 |VM Thread)"),
                "Kafka consumer and producer",
                    Pattern.compile("^(export-worker-|kafka-|org\\.springframew)"),
                "leases and sweeps", Pattern.compile("^(export-leases|scheduling-|outbox-relay)")));

    /** utime + stime of every thread of the processes, keyed {@code pid/tid name}. */
    private static Map<String, Long> childThreadTicks(List<Long> pids) {
      Map<String, Long> ticks = new HashMap<>();
      for (long pid : pids) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
          for (Path task : tasks.toList()) {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              ticks.put(
                  pid + ":" + task.getFileName() + "/" + name,
                  Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (IOException e) {
              // the thread ended
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }
      return ticks;
    }

    private static Map<Long, Long> threadNanos() {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      Map<Long, Long> nanos = new HashMap<>();
      for (long id : mx.getAllThreadIds()) {
        long cpu = mx.getThreadCpuTime(id);
        if (cpu >= 0) {
          nanos.put(id, cpu);
        }
      }
      return nanos;
    }

    /** utime + stime of a process, in clock ticks; 0 once it is gone. */
    private static long processTicks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException e) {
        return 0;
      }
    }

    /** {total, idle} jiffies of the machine. */
    private static long[] machineTicks() {
      try {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
          total += Long.parseLong(cpu[i]);
        }
        return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static final class Machine {
    static double loadAverage() {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String describe() {
      long memory =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getTotalMemorySize();
      return "%d CPUs, %d GiB, JDK %s, load average (1 min) %.2f"
          .formatted(
              Runtime.getRuntime().availableProcessors(),
              Math.round(memory / (1024.0 * 1024 * 1024)),
              System.getProperty("java.version"),
              loadAverage());
    }
  }

  // ---- output

  private static void print(String format, Object... args) {
    String line = args.length == 0 ? format : String.format(format, args);
    report.add(line);
    System.out.println("PipelineBenchmark: " + line);
  }

  private static void writeReport() throws IOException {
    Files.writeString(Path.of("target", "pipeline-benchmark.md"), String.join("\n", report) + "\n");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String spread(List<Long> millis) {
    List<Double> values = millis.stream().map(Long::doubleValue).toList();
    return "%.0f ms (%d – %d)"
        .formatted(
            median(values),
            millis.stream().mapToLong(l -> l).min().orElse(0),
            millis.stream().mapToLong(l -> l).max().orElse(0));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
