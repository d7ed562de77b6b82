package io.dataexport.standalone.pipeline;

import static io.dataexport.standalone.pipeline.PipelineHarness.COMPLETED;
import static io.dataexport.standalone.pipeline.PipelineHarness.FAILED;
import static io.dataexport.standalone.pipeline.PipelineHarness.PENDING;
import static io.dataexport.standalone.pipeline.PipelineHarness.PROCESSING;
import static io.dataexport.standalone.pipeline.PipelineHarness.daemon;
import static io.dataexport.standalone.pipeline.PipelineHarness.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataexport.standalone.DemoData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Graceful shutdown of a worker JVM (SIGTERM), as an orchestrator stops a pod: the worker stops
 * taking requests and gives running exports {@code dataexport.worker.shutdown-grace} to finish. One
 * that finishes in time completes on that worker; one that does not is handed back — PENDING again,
 * with no failed attempt and a {@code job.released} audit event — and another worker runs it.
 * Either way the worker commits the requests that finished (a handed-back one counts), and exits as
 * a JVM does after its shutdown hooks ran, soon after the grace, with no error logged by our code
 * on the way out.
 *
 * <p>Sized by system properties; {@code graceful.long-sessions} should make the long export run for
 * several seconds on a worker (it must outlast the short grace), {@code graceful.short-sessions}
 * for a second or two (it must still run when the SIGTERM comes, and end well within the long
 * grace).
 */
class GracefulShutdownTest {

  private static final int LONG_SESSIONS = Integer.getInteger("graceful.long-sessions", 20000);
  private static final int SHORT_SESSIONS = Integer.getInteger("graceful.short-sessions", 12000);
  private static final Duration SHORT_GRACE = Duration.ofSeconds(1);
  private static final Duration LONG_GRACE = Duration.ofSeconds(20);

  /**
   * A worker must be gone this long after its grace: the listener container's stop, the web
   * server's, the clients' closing. Less than the dispatcher's 10 s stop grace, so an export that
   * ignored the stop request would show here.
   */
  private static final Duration EXIT_AFTER_GRACE = Duration.ofSeconds(8);

  /** How a JVM exits once its shutdown hooks ran after a SIGTERM: 128 + 15. */
  private static final int EXIT_ON_SIGTERM = 143;

  private static final String ENTERPRISE = DemoData.ENTERPRISE_UID;
  private static final String SCOPE = "ENTERPRISE_EXPORT_SCOPE_FULL";
  private static final String LONG_USER = SourceData.userId("graceful/long");
  private static final String SHORT_USER = SourceData.userId("graceful/short");

  /** Our loggers' names. */
  private static final String OUR_LOGGERS = "io.dataexport.";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static PipelineHarness harness;
  private static Api api;
  private final List<WorkerProcess> started = new ArrayList<>();

  @BeforeAll
  static void startStack() throws IOException {
    harness = PipelineHarness.start("GracefulShutdownTest", dir, "graceful-shutdown-logs");
    long seeding = System.nanoTime();
    SourceData source = harness.source();
    source.user(LONG_USER, ENTERPRISE);
    List<String> sessions = source.sessions(LONG_USER, LONG_SESSIONS, 12, 200);
    source.files(LONG_USER, sessions.get(0), 4, 256 * 1024);
    source.user(SHORT_USER, ENTERPRISE);
    source.sessions(SHORT_USER, SHORT_SESSIONS, 12, 200);
    api = harness.api(ENTERPRISE);
    harness.note(
        "stack up; %d + %d sessions seeded in %d ms",
        LONG_SESSIONS, SHORT_SESSIONS, (System.nanoTime() - seeding) / 1_000_000);
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    for (WorkerProcess worker : started) {
      worker.stop(30);
    }
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (harness != null) {
      harness.close(); // the workers' logs stay in target/graceful-shutdown-logs
    }
  }

  @Test
  void anExportThatOutlastsTheGraceIsHandedBackAndAnotherWorkerCompletesIt() throws Exception {
    Map<String, String> shortGrace =
        Map.of(
            "dataexport.worker.shutdown-grace",
            SHORT_GRACE.toSeconds() + "s",
            // progress reported often, so the test sees the export mid-way soon after it starts
            "dataexport.worker.lease-renew-interval",
            "250ms");
    List<WorkerProcess> pair = List.of(worker("a1", shortGrace), worker("a2", shortGrace));
    harness.awaitWorkerGroup(2, Duration.ofSeconds(90));
    harness.note("two workers in the group, shutdown-grace %s", SHORT_GRACE);

    String uid = created(api.create(LONG_USER, SCOPE, "graceful: long", null));
    JobWatch watch = new JobWatch(uid);
    // running, and part of its archive written (the lease renewal reports progress)
    Document running =
        await("the long export under way")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> harness.job(uid), GracefulShutdownTest::isMidWay);
    WorkerProcess a = harness.workerWithId(running.getString("worker_id"));
    assertThat(a).as("the worker running %s", uid).isNotNull();
    WorkerProcess b = pair.stream().filter(w -> w != a).findFirst().orElseThrow();
    Instant runningSince = running.getDate("started_at").toInstant();

    Stop stop = sigterm(a, SHORT_GRACE.plus(EXIT_AFTER_GRACE).plusSeconds(20));
    // what the group committed when A was gone, before B could finish anything of the export
    Map<TopicPartition, Long> committed = harness.committedOffsets();
    harness.note(
        "SIGTERM to %s after %d ms of export (progress %s); it exited %s after %d ms",
        stop.workerId,
        Duration.between(runningSince, stop.at).toMillis(),
        running.get("progress"),
        stop.exitCode.isPresent() ? "with " + stop.exitCode.getAsInt() : "NOT",
        stop.took.toMillis());

    Document ended =
        await("the export's end")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> harness.job(uid), job -> isTerminal(job.getString("status")));
    watch.stop();
    List<JsonNode> audit =
        harness.jobAuditEvents(events -> hasEnded(events, uid), Duration.ofSeconds(30)).stream()
            .filter(event -> uid.equals(event.path("subject").asString()))
            .toList();
    harness.note(
        "%s %s in attempt %d (that attempt took %d ms); states seen %s; audit %s",
        uid,
        ended.getString("status"),
        ended.getInteger("attempt", 0),
        runTime(ended).toMillis(),
        watch.states(),
        audit.stream().map(GracefulShutdownTest::describe).toList());
    Map<TopicPartition, List<Long>> requests = harness.requestOffsets(uid);
    String log = stop.logSince();
    List<String> ourErrors = errorsOfOurs(log);
    harness.note(
        "requests of %s at %s; committed when %s had exited: %s; %s's log from the SIGTERM on:%n%s",
        uid, requests, stop.workerId, committed, stop.workerId, indent(log));

    // A left cleanly, soon after its grace
    assertThat(stop.exitCode)
        .as("exit code of %s after SIGTERM", stop.workerId)
        .hasValue(EXIT_ON_SIGTERM);
    assertThat(stop.took)
        .as("from SIGTERM to %s's exit", stop.workerId)
        .isLessThanOrEqualTo(SHORT_GRACE.plus(EXIT_AFTER_GRACE));
    assertThat(log)
        .as("%s's log after the SIGTERM", stop.workerId)
        .contains("export " + uid + " handed back at shutdown");
    assertThat(ourLogLines(log)).as("log lines of our code after the SIGTERM").isPositive();
    assertThat(ourErrors).as("ERROR lines of our code after the SIGTERM").isEmpty();
    // the request A handed back counts as finished: A's container committed past it on its way out
    assertThat(requests).as("partitions with requests of %s", uid).hasSize(1);
    Map.Entry<TopicPartition, List<Long>> partition = requests.entrySet().iterator().next();
    assertThat(partition.getValue())
        .as("requests of %s: the create's, the hand-back's (a repeat is allowed)", uid)
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(committed.getOrDefault(partition.getKey(), -1L))
        .as("offset committed in %s once %s had exited", partition.getKey(), stop.workerId)
        .isGreaterThan(partition.getValue().get(0));

    // handed back: PENDING again with no failed attempt; then B ran it to completion
    assertThat(watch.states())
        .as("states of %s as the test saw them", uid)
        .containsSubsequence(
            state(PROCESSING, 1, stop.workerId, 0),
            state(PENDING, 1, null, 0),
            state(PROCESSING, 2, b.workerId(), 0),
            state(COMPLETED, 2, null, 0))
        .noneMatch(s -> s.startsWith(FAILED))
        .allMatch(s -> s.endsWith(" failed_attempts=0"));
    assertThat(ended.getString("status")).as("end of %s", uid).isEqualTo(COMPLETED);
    assertThat(ended.getInteger("attempt")).as("attempt that completed it").isEqualTo(2);
    assertThat(ended.getList("failed_attempts", Document.class, List.of()))
        .as("failed attempts of %s", uid)
        .isEmpty();
    assertThat(b.isAlive()).as("%s still running", b.workerId()).isTrue();
    assertThat(Files.readString(b.log()))
        .as("%s's log", b.workerId())
        .contains("export " + uid + " completed");
    assertThat(log).as("%s's log", stop.workerId).doesNotContain("export " + uid + " completed");

    assertThat(audit.stream().map(GracefulShutdownTest::describe).toList())
        .as("audit trail of %s", uid)
        .containsSubsequence("started#1", "released#1", "started#2", "completed#2")
        .doesNotContain("failed#1", "failed#2", "retried#1", "retried#2")
        .containsOnlyOnce("released#1", "completed#2");
    assertThat(timeOf(audit, "released#1"))
        .as("the hand-back came before the second attempt started")
        .isBeforeOrEqualTo(timeOf(audit, "started#2"));

    // nothing left of A's attempt: no partial upload, no spool directory; one archive, B's
    PipelineHarness.ArchiveFiles files = harness.archiveFiles();
    assertThat(files.parts()).as("partial uploads").isEmpty();
    assertThat(files.spoolEntries()).as("spool entries").isEmpty();
    assertThat(files.zips().stream().filter(name -> name.contains(uid)))
        .as("archives of %s", uid)
        .containsExactly(ended.get("archive", Document.class).getString("object_name"));
  }

  @Test
  void anExportThatEndsWithinTheGraceCompletesOnTheStoppingWorker() throws Exception {
    WorkerProcess a =
        worker("b1", Map.of("dataexport.worker.shutdown-grace", LONG_GRACE.toSeconds() + "s"));
    harness.awaitWorkerGroup(1, Duration.ofSeconds(90));
    harness.note("one worker in the group, shutdown-grace %s", LONG_GRACE);

    String uid = created(api.create(SHORT_USER, SCOPE, "graceful: short", null));
    JobWatch watch = new JobWatch(uid);
    await("the short export running")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> harness.job(uid), job -> PROCESSING.equals(job.getString("status")));

    Stop stop = sigterm(a, LONG_GRACE.plus(EXIT_AFTER_GRACE).plusSeconds(20));
    Document atExit = harness.job(uid);
    Map<TopicPartition, Long> committed = harness.committedOffsets();
    watch.stop();
    harness.note(
        "SIGTERM to %s while %s ran; it exited %s after %d ms; then %s",
        stop.workerId,
        uid,
        stop.exitCode.isPresent() ? "with " + stop.exitCode.getAsInt() : "NOT",
        stop.took.toMillis(),
        state(atExit));
    List<JsonNode> audit =
        harness.jobAuditEvents(events -> hasEnded(events, uid), Duration.ofSeconds(30)).stream()
            .filter(event -> uid.equals(event.path("subject").asString()))
            .toList();
    Map<TopicPartition, List<Long>> requests = harness.requestOffsets(uid);
    String log = stop.logSince();
    harness.note(
        "%s took %d ms; states seen %s; audit %s; requests at %s, committed then %s; %s's log from"
            + " the SIGTERM on:%n%s",
        uid,
        runTime(atExit).toMillis(),
        watch.states(),
        audit.stream().map(GracefulShutdownTest::describe).toList(),
        requests,
        committed,
        stop.workerId,
        indent(log));

    assertThat(stop.exitCode)
        .as("exit code of %s after SIGTERM", stop.workerId)
        .hasValue(EXIT_ON_SIGTERM);
    assertThat(stop.took)
        .as("from SIGTERM to %s's exit: the export's rest, not the whole grace", stop.workerId)
        .isLessThan(LONG_GRACE);

    // completed by A, in its first attempt, after the SIGTERM: it was running then
    assertThat(atExit.getString("status"))
        .as("%s when its worker exited", uid)
        .isEqualTo(COMPLETED);
    assertThat(atExit.getInteger("attempt")).as("attempt").isEqualTo(1);
    assertThat(atExit.getList("failed_attempts", Document.class, List.of()))
        .as("failed attempts")
        .isEmpty();
    assertThat(atExit.getDate("finished_at").toInstant())
        .as("finished after the SIGTERM (so it ran when the SIGTERM came)")
        .isAfter(stop.at);
    assertThat(watch.states())
        .as("states of %s as the test saw them", uid)
        .containsSubsequence(state(PROCESSING, 1, stop.workerId, 0), state(COMPLETED, 1, null, 0))
        .noneMatch(s -> s.startsWith(PENDING + " 1"));

    assertThat(audit.stream().map(GracefulShutdownTest::describe).toList())
        .as("audit trail of %s", uid)
        .containsSubsequence("started#1", "completed#1")
        .noneMatch(event -> event.startsWith("released") || event.startsWith("retried"));

    assertThat(log)
        .as("%s's log after the SIGTERM", stop.workerId)
        .contains("export " + uid + " completed")
        .doesNotContain("handed back", "Asking", "still running after the stop grace");
    assertThat(ourLogLines(log)).as("log lines of our code after the SIGTERM").isPositive();
    assertThat(errorsOfOurs(log)).as("ERROR lines of our code after the SIGTERM").isEmpty();
    // what finished is committed before the worker exits
    assertThat(requests).as("partitions with requests of %s", uid).hasSize(1);
    Map.Entry<TopicPartition, List<Long>> partition = requests.entrySet().iterator().next();
    assertThat(committed.getOrDefault(partition.getKey(), -1L))
        .as("offset committed in %s once %s had exited", partition.getKey(), stop.workerId)
        .isGreaterThan(partition.getValue().get(0));
  }

  // ---- the workers

  private WorkerProcess worker(String slot, Map<String, String> settings) throws IOException {
    WorkerProcess worker = harness.worker(slot, settings);
    started.add(worker);
    worker.start();
    return worker;
  }

  /** What a SIGTERM led to: when it was sent, the exit code, and how long the exit took. */
  private record Stop(
      String workerId, Path log, long logOffset, Instant at, OptionalInt exitCode, Duration took) {

    /** The worker's log from the SIGTERM on. */
    String logSince() throws IOException {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logOffset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
  }

  /** SIGTERM to the worker; waits at most {@code atMost} for it to exit. */
  private static Stop sigterm(WorkerProcess worker, Duration atMost)
      throws IOException, InterruptedException {
    String id = worker.workerId();
    long offset = Files.size(worker.log());
    Instant at = Instant.now();
    long sent = System.nanoTime();
    worker.terminate();
    OptionalInt exit = worker.awaitExit(atMost);
    Duration took = Duration.ofNanos(System.nanoTime() - sent);
    return new Stop(id, worker.log(), offset, at, exit, took);
  }

  // ---- the job

  /** Watches a job's document every 20 ms and keeps each state it was seen in, in order. */
  /**
   * Samples a job's state every 20 ms until stopped, and once more when stopped: a test stops it
   * after seeing the job end, and the state it saw must be in the list even if it came between two
   * samples.
   */
  private static final class JobWatch {
    private final String uid;
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Thread thread;

    JobWatch(String uid) {
      this.uid = uid;
      thread =
          daemon(
              "job-watch",
              () -> {
                while (watching.get()) {
                  sample();
                  pause(20);
                }
              });
    }

    private void sample() {
      try {
        Document job = harness.job(uid);
        String state = job == null ? "missing" : state(job);
        if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
          states.add(state);
        }
      } catch (RuntimeException e) {
        // a sample missed; the next one comes soon
      }
    }

    void stop() throws InterruptedException {
      watching.set(false);
      thread.join(5000);
      sample();
    }

    List<String> states() {
      return List.copyOf(states);
    }
  }

  private static String state(Document job) {
    return state(
        job.getString("status"),
        job.getInteger("attempt", 0),
        job.getString("worker_id"),
        job.getList("failed_attempts", Document.class, List.of()).size());
  }

  private static String state(String status, int attempt, String workerId, int failedAttempts) {
    return "%s %d %s failed_attempts=%d"
        .formatted(status, attempt, workerId == null ? "-" : workerId, failedAttempts);
  }

  /** Running, with part of its archive written, as its last lease renewal reported. */
  private static boolean isMidWay(Document job) {
    if (job == null || !PROCESSING.equals(job.getString("status"))) {
      return false;
    }
    Document progress = job.get("progress", new Document());
    return progress.get("records") instanceof Number records
        && records.longValue() > 0
        && progress.get("sections_done") instanceof Number done
        && progress.get("sections_total") instanceof Number total
        && done.intValue() < total.intValue();
  }

  private static boolean isTerminal(String status) {
    return COMPLETED.equals(status)
        || FAILED.equals(status)
        || "EXPORT_STATUS_CANCELLED".equals(status);
  }

  /** The job's run time in its last attempt: from its claim to its end. */
  private static Duration runTime(Document job) {
    Date started = job.getDate("started_at");
    Date finished = job.getDate("finished_at");
    return started == null || finished == null
        ? Duration.ZERO
        : Duration.between(started.toInstant(), finished.toInstant());
  }

  private static String created(Api.Answer answer) {
    assertThat(answer.status()).as("create answered %s", answer.body()).isEqualTo(200);
    return answer.uid();
  }

  // ---- the audit trail

  /** {@code released#1}: the operation and the attempt it names. */
  private static String describe(JsonNode event) {
    return PipelineHarness.operation(event) + "#" + event.path("data").path("attempt").asInt(0);
  }

  private static boolean hasEnded(List<JsonNode> events, String uid) {
    return events.stream()
        .filter(event -> uid.equals(event.path("subject").asString()))
        .map(PipelineHarness::operation)
        .anyMatch(op -> op.equals("completed") || op.equals("failed"));
  }

  private static Instant timeOf(List<JsonNode> audit, String described) {
    return audit.stream()
        .filter(event -> describe(event).equals(described))
        .map(event -> Instant.parse(event.path("time").asString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + described + " in the audit trail"));
  }

  // ---- the worker's log

  /** ERROR lines logged by our code ({@code io.dataexport.*}), with the line after each. */
  private static List<String> errorsOfOurs(String log) {
    return ourLines(log)
        .filter(line -> line.path("log").path("level").asString("").equals("ERROR"))
        .map(JsonNode::toString)
        .toList();
  }

  /** Log lines our code wrote: none would mean the log is no longer read right. */
  private static long ourLogLines(String log) {
    return ourLines(log).count();
  }

  /**
   * The worker's JSON log lines (its default format) that our code wrote; the stack trace of an
   * error is part of its line.
   */
  private static Stream<JsonNode> ourLines(String log) {
    return log.lines()
        .filter(line -> line.startsWith("{"))
        .map(JSON::readTree)
        .filter(line -> line.path("log").path("logger").asString("").startsWith(OUR_LOGGERS));
  }

  private static String indent(String log) {
    return log.lines()
        .map(line -> "      | " + (line.length() > 400 ? line.substring(0, 400) + "…" : line))
        .reduce((first, second) -> first + System.lineSeparator() + second)
        .orElse("      | (nothing)");
  }
}
