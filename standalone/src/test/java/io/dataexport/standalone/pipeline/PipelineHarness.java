package io.dataexport.standalone.pipeline;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.demo.FileSink;
import io.dataexport.event.Topics;
import io.dataexport.gateway.GatewayApplication;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline as the multi-process tests run it: a Kafka broker, MongoDB (mongo-java-server)
 * reached by the services only through a {@link TcpProxy} so it can be cut off, the gateway in the
 * test JVM, and workers as separate JVMs ({@link WorkerProcess}) added by the test. The test reads
 * MongoDB directly, past the proxy ({@link #db}, {@link #jobs}), seeds source data ({@link
 * #source}), calls the API as an enterprise's admin ({@link #api}) and reads the audit topic
 * ({@link #jobAuditEvents}).
 *
 * <p>{@link #close} stops everything — workers with SIGTERM, SIGKILL after 20 s — and copies the
 * workers' logs to {@code target/<logsName>}, where they stay whether the test passed or not.
 */
final class PipelineHarness implements AutoCloseable {

  static final String DATABASE = "dataexport";
  static final String PENDING = "EXPORT_STATUS_PENDING";
  static final String PROCESSING = "EXPORT_STATUS_PROCESSING";
  static final String COMPLETED = "EXPORT_STATUS_COMPLETED";
  static final String FAILED = "EXPORT_STATUS_FAILED";

  /** The workers' consumer group. */
  static final String WORKER_GROUP = "export-worker";

  /** The type prefix of a job's audit events; {@code io.dataexport.audit.job.released} etc. */
  static final String JOB_AUDIT_PREFIX = "io.dataexport.audit.job.";

  private final String name;
  private final Path dir;
  private final String logsName;
  private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
  private final Map<String, Api> apis = new ConcurrentHashMap<>();
  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private final long t0 = System.nanoTime();
  private MongoServer mongo;
  private MongoClient direct;
  private MongoDatabase db;
  private TcpProxy mongoProxy;
  private String mongoUri;
  private volatile LocalKafkaBroker broker;
  private ConfigurableApplicationContext gateway;
  private String baseUrl;

  private PipelineHarness(String name, Path dir, String logsName) {
    this.name = name;
    this.dir = dir;
    this.logsName = logsName;
  }

  /**
   * Starts MongoDB behind its proxy, the broker and the gateway, and seeds the demo data; no worker
   * yet. {@code name} prefixes what {@link #note} prints.
   */
  static PipelineHarness start(String name, Path dir, String logsName) throws IOException {
    PipelineHarness harness = new PipelineHarness(name, dir, logsName);
    try {
      harness.startStack();
      return harness;
    } catch (IOException | RuntimeException | Error e) {
      try {
        harness.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void startStack() throws IOException {
    // MongoDB, reached by the services only through the proxy; the test reads it directly
    mongo = new MongoServer(H2Backend.inMemory());
    mongo.bind("127.0.0.1", 0);
    InetSocketAddress mongoAddress = mongo.getLocalAddress();
    direct = MongoClients.create("mongodb://127.0.0.1:" + mongoAddress.getPort());
    db = direct.getDatabase(DATABASE);
    mongoProxy = new TcpProxy(mongoAddress).start();
    mongoUri =
        "mongodb://127.0.0.1:"
            + mongoProxy.port()
            + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000";

    broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0);
    int gatewayPort = freePort();
    gateway =
        GatewayApplication.application()
            .run(
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--dataexport.mongodb.uri=" + mongoUri,
                "--dataexport.mongodb.database=" + DATABASE,
                "--dataexport.archive.store=filesystem",
                "--dataexport.archive.filesystem.directory=" + archives(),
                "--dataexport.archive.links.signing-key=" + "0123456789abcdef".repeat(4),
                "--dataexport.archive.links.public-base-url=http://localhost:" + gatewayPort,
                "--server.port=" + gatewayPort,
                // health and metrics on a free port, not the configured one (8091)
                "--management.server.port=0",
                "--dataexport.outbox.claim-after=2s",
                "--dataexport.outbox.poll-interval=1s",
                // one key creates and polls hundreds of exports here; RequestLimitsTest tests
                // limits
                "--dataexport.rate-limit.enabled=false",
                "--spring.main.register-shutdown-hook=false",
                "--logging.include-application-name=false");
    baseUrl = "http://localhost:" + gatewayPort;
    DemoData.seed(db, FileSink.directory(sourceFiles()));
  }

  // ---- the pieces

  /** The database, read and written directly (not through the proxy). */
  MongoDatabase db() {
    return db;
  }

  MongoCollection<Document> jobs() {
    return db.getCollection("export_jobs");
  }

  /** The job document, read directly; null if there is none. */
  Document job(String uid) {
    return jobs().find(Filters.eq("_id", uid)).first();
  }

  /** The proxy every service reaches MongoDB through: {@link TcpProxy#stop} cuts them off. */
  TcpProxy mongoProxy() {
    return mongoProxy;
  }

  LocalKafkaBroker broker() {
    return broker;
  }

  /** Stops the broker and starts it again on its log and port. */
  void restartBroker() {
    broker.close();
    try {
      broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The filesystem source bucket the workers read attached files and skill archives from. */
  Path sourceFiles() {
    return dir.resolve("source-files");
  }

  /** The filesystem archive store the gateway and workers share. */
  Path archives() {
    return dir.resolve("archives");
  }

  String baseUrl() {
    return baseUrl;
  }

  /** Writes source data (users, sessions, files, enterprises) straight into the database. */
  SourceData source() {
    return new SourceData(db, sourceFiles());
  }

  /** The API as an ADMIN of the enterprise (which must exist), with a key issued at first use. */
  Api api(String enterpriseUid) {
    return apis.computeIfAbsent(
        enterpriseUid, enterprise -> new Api(baseUrl, source().adminKey(enterprise)));
  }

  // ---- workers

  /**
   * Worker settings that suit a test: a dead worker's partitions and leases move on after seconds,
   * retries and sweeps come quickly. Each key becomes a {@code --key=value} argument.
   */
  Map<String, String> workerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
    // a killed worker's partitions go to the others after seconds, not Kafka's 45 s
    p.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
    p.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
    p.put("dataexport.mongodb.uri", mongoUri);
    p.put("dataexport.mongodb.database", DATABASE);
    p.put("dataexport.archive.store", "filesystem");
    p.put("dataexport.archive.filesystem.directory", archives().toString());
    p.put("server.port", "0");
    p.put("dataexport.worker.lease-duration", "6s");
    p.put("dataexport.worker.lease-renew-interval", "1s");
    p.put("dataexport.worker.lease-check-interval", "1s");
    p.put("dataexport.worker.abandoned-after", "10s");
    p.put("dataexport.worker.sweep-interval", "2s");
    p.put("dataexport.worker.retry-backoff", "1s");
    p.put("dataexport.worker.retry-backoff-max", "4s");
    p.put("dataexport.worker.user-busy-retry", "1s");
    p.put("dataexport.outbox.claim-after", "2s");
    p.put("dataexport.outbox.poll-interval", "1s");
    p.put("logging.include-application-name", "false");
    p.put("dataexport.source.filesystem.directory", sourceFiles().toString());
    return p;
  }

  /**
   * A worker slot (not started) with {@link #workerProperties} and {@code overrides} over them; its
   * spool is {@code spool/<slot>}, its log {@code logs/<slot>.log}. Closed with the harness.
   */
  WorkerProcess worker(String slot, Map<String, String> overrides) throws IOException {
    Map<String, String> properties = workerProperties();
    properties.putAll(overrides);
    List<String> arguments = new ArrayList<>();
    properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    Files.createDirectories(logs());
    WorkerProcess worker =
        new WorkerProcess(
            slot, arguments, dir.resolve("spool").resolve(slot), logs().resolve(slot + ".log"));
    workers.add(worker);
    return worker;
  }

  /** Every worker slot added so far. */
  List<WorkerProcess> workers() {
    return workers;
  }

  /** The live worker whose current incarnation has this id ({@code w1.0}), or null. */
  WorkerProcess workerWithId(String workerId) {
    return workers.stream()
        .filter(w -> w.isAlive() && w.workerId().equals(workerId))
        .findFirst()
        .orElse(null);
  }

  /** Waits until the workers' consumer group has exactly {@code members} members. */
  void awaitWorkerGroup(int members, Duration atMost) {
    await("%d member(s) in the worker group".formatted(members))
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions() // the group does not exist until the first worker joins
        .until(() -> workerGroupMembers() == members);
  }

  int workerGroupMembers() throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeConsumerGroups(List.of(WORKER_GROUP))
          .all()
          .get(10, TimeUnit.SECONDS)
          .get(WORKER_GROUP)
          .members()
          .size();
    }
  }

  /** The offsets the workers' consumer group has committed, by partition. */
  Map<TopicPartition, Long> committedOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin
          .listConsumerGroupOffsets(WORKER_GROUP)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS)
          .forEach(
              (partition, offset) -> {
                if (offset != null) {
                  offsets.put(partition, offset.offset());
                }
              });
      return offsets;
    }
  }

  /**
   * Where the requests topic holds ExportRequested events of the export (found by its uid), by
   * partition, in offset order: its first request, and one more each time it became PENDING again.
   */
  Map<TopicPartition, List<Long>> requestOffsets(String uid) {
    Map<TopicPartition, List<Long>> found = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.EXPORT_REQUESTED).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null && record.value().contains(uid)) {
            found
                .computeIfAbsent(
                    new TopicPartition(record.topic(), record.partition()),
                    partition -> new ArrayList<>())
                .add(record.offset());
          }
        }
      }
    }
    return found;
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return Admin.create(p);
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return p;
  }

  // ---- what the pipeline left

  /**
   * Reads the audit topic from its beginning: every distinct job event ({@code
   * io.dataexport.audit.job.*}, told apart by CloudEvents id, so a repeated delivery counts once)
   * in the order read, until {@code enough} holds for them or {@code atMost} passed. Returns what
   * it read either way.
   */
  List<JsonNode> jobAuditEvents(Predicate<List<JsonNode>> enough, Duration atMost) {
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    Set<String> seenIds = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.AUDIT).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      try {
        await("job audit events")
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  for (ConsumerRecord<String, String> record :
                      consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = Api.JSON.readTree(record.value());
                    if (event.path("type").asString("").startsWith(JOB_AUDIT_PREFIX)
                        && seenIds.add(event.path("id").asString())) {
                      events.add(event);
                    }
                  }
                  return enough.test(events);
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // the caller's assertions say what is missing
      }
    }
    return List.copyOf(events);
  }

  /** The operation of a job audit event: {@code released} of {@code …audit.job.released}. */
  static String operation(JsonNode event) {
    return event.path("type").asString("").substring(JOB_AUDIT_PREFIX.length());
  }

  /** What the archive store and the workers' spools hold now. */
  ArchiveFiles archiveFiles() throws IOException {
    return ArchiveFiles.scan(archives(), workers);
  }

  /** What the archive store and the workers' spools hold. */
  record ArchiveFiles(Set<String> zips, List<Path> parts, List<Path> spoolEntries) {

    static ArchiveFiles scan(Path archives, List<WorkerProcess> workers) throws IOException {
      Set<String> zips = new HashSet<>();
      List<Path> parts = new ArrayList<>();
      if (Files.isDirectory(archives)) {
        try (Stream<Path> files = Files.walk(archives)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            String name = file.getFileName().toString();
            if (name.startsWith(".upload-") && name.endsWith(".part")) {
              parts.add(file);
            } else {
              zips.add(archives.relativize(file).toString().replace('\\', '/'));
            }
          }
        }
      }
      List<Path> spoolEntries = new ArrayList<>();
      for (WorkerProcess worker : workers) {
        if (Files.isDirectory(worker.spool())) {
          try (Stream<Path> entries = Files.list(worker.spool())) {
            entries.forEach(spoolEntries::add);
          }
        }
      }
      return new ArchiveFiles(zips, parts, spoolEntries);
    }

    boolean isClean(Set<String> completedObjects) {
      return zips.equals(completedObjects) && parts.isEmpty() && spoolEntries.isEmpty();
    }

    String leftovers(Set<String> completedObjects) {
      Set<String> orphans = new HashSet<>(zips);
      orphans.removeAll(completedObjects);
      Set<String> missing = new HashSet<>(completedObjects);
      missing.removeAll(zips);
      return "{orphan archives=%d, missing archives=%d, partial uploads=%d, spool entries=%d}"
          .formatted(orphans.size(), missing.size(), parts.size(), spoolEntries.size());
    }
  }

  // ---- the story of the run

  /**
   * Prints a line with the seconds since the harness started, and keeps it for {@link #timeline}.
   */
  void note(String format, Object... args) {
    String line =
        "%7.1f s  %s".formatted((System.nanoTime() - t0) / 1e9, String.format(format, args));
    timeline.add(line);
    System.out.println(name + ": " + line);
  }

  List<String> timeline() {
    synchronized (timeline) {
      return List.copyOf(timeline);
    }
  }

  @Override
  public void close() throws Exception {
    for (WorkerProcess worker : workers) {
      worker.stop(20);
    }
    if (gateway != null) {
      gateway.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (mongoProxy != null) {
      mongoProxy.close();
    }
    if (direct != null) {
      direct.close();
    }
    if (mongo != null) {
      mongo.shutdown();
    }
    keepWorkerLogs();
  }

  private Path logs() {
    return dir.resolve("logs");
  }

  /** The temporary directory may go with a passed test; the workers' logs stay in target/. */
  private void keepWorkerLogs() throws IOException {
    if (!Files.isDirectory(logs())) {
      return;
    }
    Path kept = Path.of("target", logsName);
    Files.createDirectories(kept);
    try (Stream<Path> files = Files.list(logs())) {
      for (Path log : files.toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println(name + ": worker logs in " + kept.toAbsolutePath());
  }

  // ---- small helpers the tests share

  static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A pacing pause (sampling period, an outage's length), never a wait for a condition. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
