package io.dataexport.standalone.pipeline;

import static io.dataexport.standalone.pipeline.PipelineHarness.COMPLETED;
import static io.dataexport.standalone.pipeline.PipelineHarness.FAILED;
import static io.dataexport.standalone.pipeline.PipelineHarness.PENDING;
import static io.dataexport.standalone.pipeline.PipelineHarness.PROCESSING;
import static io.dataexport.standalone.pipeline.PipelineHarness.daemon;
import static io.dataexport.standalone.pipeline.PipelineHarness.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.pipeline.Api.Answer;
import io.dataexport.standalone.pipeline.PipelineHarness.ArchiveFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pipeline's guarantee under faults: workers as separate JVMs killed with SIGKILL mid-export
 * and started again, the Kafka broker restarted, MongoDB out of everyone's reach for a few seconds
 * while exports are being created. Every export the API accepted ends exactly once — COMPLETED with
 * its one archive, or FAILED because its attempts ran out — no user ever has two exports running,
 * creates during the outage are refused as {@code unavailable} (never an internal error), nothing
 * is left behind in the archive store or the spool, and the audit trail has each export's
 * completion.
 *
 * <p>Sized by system properties; the CI size is the default. The full size: {@code ./mvnw -o -B -pl
 * standalone -am verify -Dtest=PipelineFaultTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfault.exports=200 -Dfault.users=50 -Dfault.kills=10}.
 */
class PipelineFaultTest {

  private static final int EXPORTS = Integer.getInteger("fault.exports", 60);
  private static final int USERS = Integer.getInteger("fault.users", 20);
  private static final int KILLS = Integer.getInteger("fault.kills", 3);
  private static final int WORKERS = Integer.getInteger("fault.workers", 3);
  private static final int SESSIONS_PER_USER = Integer.getInteger("fault.sessions", 300);
  private static final Duration MONGO_OUTAGE = Duration.ofSeconds(4);
  private static final Duration ABANDONED_AFTER = Duration.ofSeconds(10);

  private static final String ENTERPRISE_A = DemoData.ENTERPRISE_UID;
  private static final String ENTERPRISE_B = "ent_fault_b";
  private static final Set<String> ACCEPTED_FAILURES = Set.of("attempts_exhausted", "unavailable");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private PipelineHarness harness;
  private final AtomicBoolean supervising = new AtomicBoolean(true);
  private final AtomicInteger unexpectedExits = new AtomicInteger();

  /** One export request of the scenario, sent with its enterprise's key. */
  private record Request(int index, Api api, String userId, ObjectNode body) {

    String scope() {
      return body.get("scope").asString();
    }
  }

  @AfterEach
  void stopEverything() throws Exception {
    supervising.set(false);
    if (harness != null) {
      harness.close(); // the workers' logs stay in target/pipeline-fault-logs
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void everyAcceptedExportEndsExactlyOnceThroughKillsAndOutages() throws Exception {
    assertThat(EXPORTS)
        .as("fault.exports: at most 5 per user (the per-user cap)")
        .isLessThanOrEqualTo(5 * USERS);
    long started = System.nanoTime();

    // MongoDB behind its proxy, the broker, the gateway, the demo data
    harness = PipelineHarness.start("PipelineFaultTest", dir, "pipeline-fault-logs");
    Map<String, List<String>> sessionsOf = new HashMap<>();
    List<String[]> users = new ArrayList<>(); // enterprise, user

    long seeding = System.nanoTime();
    SourceData source = harness.source().enterprise(ENTERPRISE_B, "Umbrella");
    Map<String, Api> apis =
        Map.of(ENTERPRISE_A, harness.api(ENTERPRISE_A), ENTERPRISE_B, harness.api(ENTERPRISE_B));
    for (int u = 0; u < USERS; u++) {
      String enterprise = u % 2 == 0 ? ENTERPRISE_A : ENTERPRISE_B;
      String user = SourceData.userId("fault/" + u);
      source.user(user, enterprise);
      List<String> sessions = source.sessions(user, SESSIONS_PER_USER, 10, 200);
      if (u % 3 == 0) {
        source.files(user, sessions.get(0), 4, 128 * 1024);
      }
      sessionsOf.put(user, sessions);
      users.add(new String[] {enterprise, user});
    }
    long seededMillis = (System.nanoTime() - seeding) / 1_000_000;

    Map<String, String> workerSettings =
        Map.of("dataexport.worker.abandoned-after", ABANDONED_AFTER.toSeconds() + "s");
    for (int w = 1; w <= WORKERS; w++) {
      harness.worker("w" + w, workerSettings).start();
    }
    Thread supervisor = daemon("worker-supervisor", this::superviseWorkers);
    harness.awaitWorkerGroup(WORKERS, Duration.ofSeconds(90));
    long setupMillis = (System.nanoTime() - started) / 1_000_000;
    note("stack up: %d workers in the group, source data seeded in %d ms", WORKERS, seededMillis);

    // the sampler: most PROCESSING exports of one user at any time, read past the proxy
    MongoCollection<Document> jobs = harness.jobs();
    AtomicInteger maxProcessingPerUser = new AtomicInteger();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        daemon(
            "processing-sampler",
            () -> {
              while (sampling.get()) {
                sampleProcessing(jobs, maxProcessingPerUser, overlaps);
                pause(50);
              }
            });

    // the requests: each user's exports differ in scope (an identical one would be deduped)
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < EXPORTS; i++) {
      String[] user = users.get(i % USERS);
      requests.add(
          new Request(
              i, apis.get(user[0]), user[1], requestBody(i / USERS, i, sessionsOf.get(user[1]))));
    }
    Duration createSpan = Duration.ofMillis(Math.max(20_000, EXPORTS * 300L));
    Creates creates = new Creates(requests, createSpan);
    long scenarioStart = System.nanoTime();
    creates.start();

    // the faults, one after another on their own thread, spread over the creates
    ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
    List<String> kills = new CopyOnWriteArrayList<>();
    AtomicInteger brokerRestarts = new AtomicInteger();
    long span = createSpan.toMillis();
    for (int k = 1; k <= KILLS; k++) {
      chaos.schedule(
          () -> killAWorkerHoldingAnExport(jobs, kills),
          span * k / (KILLS + 1),
          TimeUnit.MILLISECONDS);
    }
    chaos.schedule(() -> mongoOutage(creates), span * 2 / 5, TimeUnit.MILLISECONDS);
    chaos.schedule(() -> restartBroker(brokerRestarts), span * 7 / 10, TimeUnit.MILLISECONDS);
    chaos.shutdown();

    // (what went wrong is asserted after the summary is printed)
    boolean allAnswered = creates.awaitDone(createSpan.plusSeconds(120));
    boolean faultsDone = chaos.awaitTermination(3, TimeUnit.MINUTES);
    note(
        "%d of %d exports accepted; faults done: %s",
        creates.acceptedUids().size(), EXPORTS, faultsDone);

    // every job in the store — accepted, or written by a create whose answer was lost — ends
    try {
      await("every job ends")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> jobs.countDocuments(Filters.in("status", PENDING, PROCESSING)),
              unfinished -> unfinished == 0);
      note("every job ended");
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      note("not every job ended");
    }
    sampling.set(false);
    sampler.join();
    long endedMillis = (System.nanoTime() - scenarioStart) / 1_000_000;

    Map<String, Document> stored = new HashMap<>();
    jobs.find().forEach(job -> stored.put(job.getString("_id"), job));
    Set<String> completedObjects =
        stored.values().stream()
            .filter(job -> COMPLETED.equals(job.getString("status")))
            .map(job -> job.get("archive", Document.class).getString("object_name"))
            .collect(Collectors.toSet());

    // the store's sweeps delete what the killed attempts left, once abandoned-after passed
    ArchiveFiles[] files = new ArchiveFiles[1];
    try {
      await("archive store and spool clean")
          .atMost(ABANDONED_AFTER.multipliedBy(3).plusSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                files[0] = harness.archiveFiles();
                return files[0].isClean(completedObjects);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // the assertions below say what is left
    }
    ArchiveFiles left = harness.archiveFiles();

    // the audit trail: each job's terminal event, deduplicated by its CloudEvents id
    Set<String> completedUids =
        stored.values().stream()
            .filter(job -> COMPLETED.equals(job.getString("status")))
            .map(job -> job.getString("_id"))
            .collect(Collectors.toSet());
    Map<String, List<String>> terminalEvents =
        terminalAuditEvents(stored.keySet(), Duration.ofSeconds(60));

    supervising.set(false);
    supervisor.join(2000);
    long totalMillis = (System.nanoTime() - started) / 1_000_000;

    // the figures
    Map<Integer, Long> attempts = new TreeMap<>();
    stored.values().forEach(job -> attempts.merge(job.getInteger("attempt", 0), 1L, Long::sum));
    Map<String, Long> failures = new TreeMap<>();
    stored.values().stream()
        .filter(job -> FAILED.equals(job.getString("status")))
        .forEach(job -> failures.merge(job.getString("error_code"), 1L, Long::sum));
    Set<String> accepted = creates.acceptedUids();
    long completedAccepted =
        accepted.stream()
            .filter(uid -> stored.containsKey(uid))
            .filter(uid -> COMPLETED.equals(stored.get(uid).getString("status")))
            .count();
    long failedAccepted =
        accepted.stream()
            .filter(uid -> stored.containsKey(uid))
            .filter(uid -> FAILED.equals(stored.get(uid).getString("status")))
            .count();
    Set<String> unanswered = new HashSet<>(stored.keySet());
    unanswered.removeAll(accepted);
    System.out.printf(
        "PipelineFaultTest summary: exports=%d users=%d workers=%d | accepted=%d (deduped answers"
            + " %d) refused_unavailable=%d other_answers=%s jobs_in_store=%d (never answered 200:"
            + " %d) | completed=%d failed=%d %s | kills=%d/%d %s, worker exits not by the test=%d,"
            + " broker restarts=%d, mongo outages=1 (%d s, %d creates refused during it) |"
            + " max PROCESSING per user=%d | attempts=%s | archives=%d leftovers=%s audit"
            + " job.completed=%d/%d | setup %.1f s, scenario to every job ended %.1f s, total"
            + " %.1f s%n",
        EXPORTS,
        USERS,
        WORKERS,
        accepted.size(),
        creates.dedupedAnswers.get(),
        creates.refusedUnavailable.get(),
        creates.unexpected,
        stored.size(),
        unanswered.size(),
        completedAccepted,
        failedAccepted,
        failures,
        kills.size(),
        KILLS,
        kills,
        unexpectedExits.get(),
        brokerRestarts.get(),
        MONGO_OUTAGE.toSeconds(),
        creates.refusedDuringOutage.get(),
        maxProcessingPerUser.get(),
        attempts,
        left.zips().size(),
        left.leftovers(completedObjects),
        completedUids.stream()
            .filter(uid -> terminalEvents.getOrDefault(uid, List.of()).contains("completed"))
            .count(),
        completedUids.size(),
        setupMillis / 1000.0,
        endedMillis / 1000.0,
        totalMillis / 1000.0);
    harness.timeline().forEach(line -> System.out.println("  " + line));

    // the guarantees
    assertThat(allAnswered)
        .as("every request answered 200 in the end (refused ones are sent again)")
        .isTrue();
    assertThat(faultsDone).as("faults done").isTrue();
    assertThat(creates.unexpected).as("answers other than 200 and 503 unavailable").isEmpty();
    assertThat(creates.refusedUnavailable.get())
        .as("creates refused while MongoDB was unreachable")
        .isPositive();
    assertThat(kills).as("workers killed while holding an export").hasSize(KILLS);
    assertThat(brokerRestarts.get()).isEqualTo(1);
    assertThat(accepted).as("accepted exports").hasSize(EXPORTS);
    assertThat(stored.keySet()).as("every accepted export is stored").containsAll(accepted);
    assertThat(overlaps).as("users seen with two exports PROCESSING at once").isEmpty();
    assertThat(maxProcessingPerUser.get()).as("most PROCESSING exports of one user").isEqualTo(1);
    for (Document job : stored.values()) {
      String uid = job.getString("_id");
      String status = job.getString("status");
      assertThat(status).as("end of %s", uid).isIn(COMPLETED, FAILED);
      if (FAILED.equals(status)) {
        assertThat(job.getString("error_code"))
            .as("why %s failed: %s", uid, job.getString("error_message"))
            .isIn(ACCEPTED_FAILURES);
      }
      assertThat(terminalEvents.getOrDefault(uid, List.of()))
          .as("terminal audit events of %s", uid)
          .containsExactly(COMPLETED.equals(status) ? "completed" : "failed");
    }
    assertThat(left.zips())
        .as("archive files: exactly one per COMPLETED export, its own")
        .containsExactlyInAnyOrderElementsOf(completedObjects);
    assertThat(left.parts()).as("partial uploads left").isEmpty();
    assertThat(left.spoolEntries()).as("spool leftovers").isEmpty();
  }

  /** The body of a user's {@code variant}-th export: every variant a different request. */
  private static ObjectNode requestBody(int variant, int index, List<String> sessions) {
    ObjectNode body = Api.fields();
    switch (variant) {
      case 0 ->
          body.put("scope", "ENTERPRISE_EXPORT_SCOPE_FULL").put("reason", "legal hold " + index);
      case 1 -> body.put("scope", "ENTERPRISE_EXPORT_SCOPE_TASKS");
      case 2 ->
          body.put("scope", "ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS")
              .put("reason", "audit request " + index);
      case 3 -> {
        body.put("scope", "ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS");
        var ids = body.putArray("session_ids");
        sessions.subList(0, Math.min(20, sessions.size())).forEach(ids::add);
      }
      default ->
          body.put("scope", "ENTERPRISE_EXPORT_SCOPE_FULL")
              .put("include_deleted", true)
              .put("reason", "offboarding " + index);
    }
    return body;
  }

  /**
   * Sends the requests at an even pace over {@code span} from a few client threads; a request
   * refused as unavailable is sent again a second later, as a client would.
   */
  private final class Creates {
    final List<Request> requests;
    final Duration span;
    final ConcurrentLinkedQueue<Request> retries = new ConcurrentLinkedQueue<>();
    final Map<Integer, String> acceptedByRequest = new ConcurrentHashMap<>();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final Set<Integer> givenUp = ConcurrentHashMap.newKeySet();
    final AtomicInteger refusedUnavailable = new AtomicInteger();
    final AtomicInteger refusedDuringOutage = new AtomicInteger();
    final AtomicInteger dedupedAnswers = new AtomicInteger();
    final AtomicBoolean outage = new AtomicBoolean();
    final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService clients = Executors.newFixedThreadPool(6);
    final AtomicInteger next = new AtomicInteger();

    Creates(List<Request> requests, Duration span) {
      this.requests = requests;
      this.span = span;
    }

    void start() {
      long every = Math.max(1, span.toMillis() / requests.size());
      pacer.scheduleAtFixedRate(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    private void tick() {
      Request request = retries.poll();
      if (request == null) {
        int i = next.getAndIncrement();
        if (i >= requests.size()) {
          return;
        }
        request = requests.get(i);
      }
      Request sending = request;
      clients.execute(() -> send(sending));
    }

    private void send(Request request) {
      Answer answer;
      try {
        answer = request.api().create(request.userId(), request.scope(), null, request.body());
      } catch (RuntimeException e) {
        unexpected.add("#" + request.index() + " " + e);
        givenUp.add(request.index());
        return;
      }
      if (answer.status() == 200) {
        acceptedByRequest.put(request.index(), answer.uid());
        if (answer.body().path("deduped").asBoolean(false)) {
          dedupedAnswers.incrementAndGet();
        }
      } else if (answer.status() == 503 && answer.code().equals("unavailable")) {
        refusedUnavailable.incrementAndGet();
        if (outage.get()) {
          refusedDuringOutage.incrementAndGet();
        }
        retryLater(request);
      } else {
        unexpected.add("#" + request.index() + " " + answer.status() + " " + answer.body());
        givenUp.add(request.index());
      }
    }

    private void retryLater(Request request) {
      pacer.schedule(() -> retries.add(request), 1, TimeUnit.SECONDS);
    }

    boolean awaitDone(Duration atMost) {
      try {
        await()
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> acceptedByRequest.size() + givenUp.size() >= requests.size());
        return acceptedByRequest.size() == requests.size();
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        return false;
      } finally {
        pacer.shutdownNow();
        clients.shutdown();
      }
    }

    Set<String> acceptedUids() {
      return new HashSet<>(acceptedByRequest.values());
    }
  }

  /**
   * Kills (SIGKILL) a worker that holds a PROCESSING export — preferably one that has written part
   * of its archive already — and starts it again at once.
   */
  private void killAWorkerHoldingAnExport(MongoCollection<Document> jobs, List<String> kills) {
    try {
      long since = System.nanoTime();
      Map<String, WorkerProcess> live = new HashMap<>();
      Document[] victim = new Document[1];
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                live.clear();
                harness.workers().stream()
                    .filter(WorkerProcess::isAlive)
                    .forEach(w -> live.put(w.workerId(), w));
                List<Document> running =
                    jobs.find(
                            Filters.and(
                                Filters.eq("status", PROCESSING),
                                Filters.in("worker_id", live.keySet())))
                        .into(new ArrayList<>());
                List<Document> midWay =
                    running.stream().filter(PipelineFaultTest::isMidWay).toList();
                victim[0] =
                    !midWay.isEmpty()
                        ? midWay.get(ThreadLocalRandom.current().nextInt(midWay.size()))
                        : running.isEmpty() ? null : running.get(0);
                // mid-way if one is, else any running export after a few seconds of looking
                return !midWay.isEmpty()
                    || victim[0] != null && System.nanoTime() - since > 3_000_000_000L;
              });
      WorkerProcess worker = live.get(victim[0].getString("worker_id"));
      String id = victim[0].getString("worker_id");
      worker.killAndStart();
      long held =
          jobs.countDocuments(
              Filters.and(Filters.eq("status", PROCESSING), Filters.eq("worker_id", id)));
      long spoolLeft;
      try (Stream<Path> entries = Files.list(worker.spool())) {
        spoolLeft = entries.count();
      }
      kills.add(id);
      note(
          "killed %s (SIGKILL) holding %d export(s), e.g. %s at %s; %d spool dir(s) left behind;"
              + " started %s",
          id,
          held,
          victim[0].getString("_id"),
          victim[0].get("progress"),
          spoolLeft,
          worker.workerId());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      note("no worker held an export to kill");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the export's last lease renewal reported part of its archive written. */
  private static boolean isMidWay(Document job) {
    Document progress = job.get("progress", new Document());
    return progress.get("records") instanceof Number records
        && records.longValue() > 0
        && progress.get("sections_done") instanceof Number done
        && progress.get("sections_total") instanceof Number total
        && done.intValue() < total.intValue();
  }

  private void mongoOutage(Creates creates) {
    note("MongoDB unreachable (proxy stopped)");
    creates.outage.set(true);
    harness.mongoProxy().stop();
    pause(MONGO_OUTAGE.toMillis()); // the outage's length: nothing to wait for
    try {
      harness.mongoProxy().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    creates.outage.set(false);
    note("MongoDB reachable again");
  }

  private void restartBroker(AtomicInteger restarts) {
    note("stopping the Kafka broker");
    harness.restartBroker();
    restarts.incrementAndGet();
    note("Kafka broker started again on %s", harness.broker().bootstrapServers());
  }

  /** Starts again, as an orchestrator would, a worker that exited without the test killing it. */
  private void superviseWorkers() {
    while (supervising.get()) {
      for (WorkerProcess worker : harness.workers()) {
        synchronized (worker) {
          if (supervising.get() && !worker.isAlive()) {
            unexpectedExits.incrementAndGet();
            note(
                "%s exited on its own (%s); starting it again",
                worker.workerId(), lastFailureIn(worker.log()));
            try {
              worker.start();
            } catch (IOException e) {
              note("could not restart %s: %s", worker.slot(), e);
            }
          }
        }
      }
      pause(500);
    }
  }

  /** The last exception line of a log, to say why a process exited. */
  private static String lastFailureIn(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines
          .filter(line -> line.contains("Exception") || line.contains("FAILED"))
          .reduce((first, second) -> second)
          .map(line -> line.length() > 300 ? line.substring(0, 300) : line)
          .orElse("no exception logged");
    } catch (IOException | UncheckedIOException e) {
      return "log unreadable: " + e;
    }
  }

  private static void sampleProcessing(
      MongoCollection<Document> jobs, AtomicInteger max, List<String> overlaps) {
    try {
      Map<String, Integer> perUser = new HashMap<>();
      jobs.find(Filters.eq("status", PROCESSING))
          .projection(Projections.include("enterprise_uid", "user_id"))
          .forEach(
              job ->
                  perUser.merge(
                      job.getString("enterprise_uid") + "/" + job.getString("user_id"),
                      1,
                      Integer::sum));
      for (Map.Entry<String, Integer> user : perUser.entrySet()) {
        int count = user.getValue();
        if (count > 1) {
          // a scan is no snapshot: look at that user again before calling it an overlap
          String[] key = user.getKey().split("/", 2);
          List<Document> running =
              jobs.find(
                      Filters.and(
                          Filters.eq("enterprise_uid", key[0]),
                          Filters.eq("user_id", key[1]),
                          Filters.eq("status", PROCESSING)))
                  .into(new ArrayList<>());
          count = running.size();
          if (count > 1) {
            overlaps.add(user.getKey() + " " + running);
          }
        }
        max.accumulateAndGet(count, Math::max);
      }
    } catch (RuntimeException e) {
      // a sample missed; the next one comes 50 ms later
    }
  }

  /**
   * Each job's terminal audit events (completed, failed, cancelled), each distinct event once: a
   * second one would be a second ending. Reads until every job in {@code uids} has one, or {@code
   * atMost} passed.
   */
  private Map<String, List<String>> terminalAuditEvents(Set<String> uids, Duration atMost) {
    return terminalEventsOf(
        harness.jobAuditEvents(
            events -> terminalEventsOf(events).keySet().containsAll(uids), atMost));
  }

  private static Map<String, List<String>> terminalEventsOf(List<JsonNode> events) {
    Map<String, List<String>> terminal = new HashMap<>();
    for (JsonNode event : events) {
      String operation = PipelineHarness.operation(event);
      if (Set.of("completed", "failed", "cancelled").contains(operation)) {
        terminal
            .computeIfAbsent(event.path("subject").asString(), uid -> new ArrayList<>())
            .add(operation);
      }
    }
    return terminal;
  }

  private void note(String format, Object... args) {
    harness.note(format, args);
  }
}
