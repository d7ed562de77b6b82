package io.dataexport.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.archive.fs.ArchiveEncryption;
import io.dataexport.demo.FileSink;
import io.dataexport.gateway.GatewayApplication;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.IssuedApiKey;
import io.dataexport.gateway.auth.Role;
import io.dataexport.worker.WorkerApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.mvstore.MVStore;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole product in one JVM: a real Kafka broker (KRaft) keeping its log in the data directory
 * and a MongoDB-wire server whose data lives in an H2 file there, then the gateway and one worker,
 * configured exactly as against real infrastructure — only the addresses differ.
 */
public final class EmbeddedStack implements AutoCloseable {

  static final String DATABASE = "dataexport";

  /** The H2 store's cache of decoded pages, in MB; the JVM's heap must leave room for it. */
  static final int MONGO_CACHE_MB = 512;

  /** The gateway's management port (health, metrics) when its API port is the README's 8080. */
  static final int GATEWAY_MANAGEMENT_PORT = 8091;

  private final StackSettings settings;
  private MongoServer mongo;
  private LocalKafkaBroker kafka;
  private ConfigurableApplicationContext gateway;
  private ConfigurableApplicationContext worker;
  private StackFacts facts;

  private EmbeddedStack(StackSettings settings) {
    this.settings = settings;
  }

  public static EmbeddedStack start(StackSettings settings) throws IOException {
    EmbeddedStack stack = new EmbeddedStack(settings);
    try {
      stack.startAll();
      return stack;
    } catch (IOException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws IOException {
    Path data = settings.dataDirectory().toAbsolutePath();
    Files.createDirectories(data);
    mongo = new MongoServer(new H2Backend(mongoStore(data.resolve("mongodb.mv"))));
    mongo.bind("127.0.0.1", settings.mongoPort());
    String mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();

    kafka = LocalKafkaBroker.start(data.resolve("kafka"), settings.kafkaPort());

    Path sourceFiles = data.resolve("source-files");
    IssuedApiKey apiKey = seed(mongoUri, sourceFiles);
    String signingKey = signingKey(data);
    SigningKeyFile sealKey = SigningKeyFile.auditSeal(data);
    SigningKeyFile manifestKey = SigningKeyFile.archiveManifest(data);
    List<String> common =
        List.of(
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--dataexport.mongodb.uri=" + mongoUri,
            "--dataexport.mongodb.database=" + DATABASE,
            "--dataexport.archive.store=filesystem",
            "--dataexport.archive.filesystem.directory=" + data.resolve("archives"),
            "--dataexport.archive.links.signing-key=" + signingKey,
            "--dataexport.archive.filesystem.encryption-keyset=" + encryptionKeyset(data),
            // the launcher closes worker, gateway, Kafka and MongoDB in that order on Ctrl-C
            "--spring.main.register-shutdown-hook=false",
            // both services share this JVM's log; thread names tell them apart
            "--logging.include-application-name=false",
            // and in JSON lines the service is the launcher, not whichever service started first
            "--logging.structured.ecs.service.name=standalone");
    // The gateway signs download links to itself, so it must know its port before it listens.
    int gatewayPort = settings.gatewayPort() == 0 ? freePort() : settings.gatewayPort();
    String baseUrl = "http://localhost:" + gatewayPort;
    gateway =
        GatewayApplication.application()
            .run(
                args(
                    common,
                    "--server.port=" + gatewayPort,
                    // health and metrics on a port of their own, as the gateway runs anywhere
                    "--management.server.port="
                        + (settings.gatewayPort() == 0 ? 0 : GATEWAY_MANAGEMENT_PORT),
                    "--dataexport.archive.links.public-base-url=" + baseUrl,
                    "--dataexport.published-keys[0].key-id=" + sealKey.keyId(),
                    "--dataexport.published-keys[0].purpose=audit-digest",
                    "--dataexport.published-keys[0].public-key=" + sealKey.publicKey(),
                    "--dataexport.published-keys[1].key-id=" + manifestKey.keyId(),
                    "--dataexport.published-keys[1].purpose=archive-manifest",
                    "--dataexport.published-keys[1].public-key=" + manifestKey.publicKey()));
    worker =
        WorkerApplication.application()
            .run(
                args(
                    common,
                    "--server.port=" + settings.workerPort(),
                    "--dataexport.worker.spool-directory=" + data.resolve("spool"),
                    "--dataexport.audit.seal.key-id=" + sealKey.keyId(),
                    "--dataexport.audit.seal.signing-key=" + sealKey.privateKey(),
                    "--dataexport.worker.manifest-signing.key-id=" + manifestKey.keyId(),
                    "--dataexport.worker.manifest-signing.signing-key=" + manifestKey.privateKey(),
                    // the platform's file bucket: the demo's attached files and skill archives
                    "--dataexport.source.store=filesystem",
                    "--dataexport.source.filesystem.directory=" + sourceFiles));
    StackFacts.Management management =
        new StackFacts.Management(
            "http://localhost:" + gateway.getEnvironment().getProperty("local.management.port"),
            "http://localhost:" + worker.getEnvironment().getProperty("local.server.port"));
    facts =
        StackFacts.of(
            baseUrl, management, apiKey.apiKey(), kafka.bootstrapServers(), mongoUri, DATABASE);
    facts.write(data.resolve(StackFacts.FILE_NAME));
  }

  private IssuedApiKey seed(String mongoUri, Path sourceFiles) throws IOException {
    try (MongoClient client = MongoClients.create(mongoUri)) {
      var db = client.getDatabase(DATABASE);
      DemoData.seed(db, FileSink.directory(sourceFiles));
      ApiKeyStore keys = new ApiKeyStore(db);
      Path factsFile = settings.dataDirectory().resolve(StackFacts.FILE_NAME);
      // Reuse the key printed last time, so scripts written against it keep working.
      if (Files.exists(factsFile)) {
        String previous = StackFacts.read(factsFile).apiKey();
        var grant = keys.verify(previous, Instant.now());
        if (grant.isPresent()) {
          return new IssuedApiKey(grant.get().keyId(), previous);
        }
      }
      return keys.issue(DemoData.ENTERPRISE_UID, Role.ADMIN, "standalone demo key", Instant.now());
    }
  }

  /**
   * The MongoDB-wire server's H2 store, with a data cache large enough to hold the source
   * collections decoded. That server has no secondary indexes (it ignores every non-unique one), so
   * a task list or an export scans its collections; from H2's default 16 MB cache a scan of 50,000
   * sessions decoded every document again and took seconds (docs/benchmarks.md).
   */
  private static MVStore mongoStore(Path file) {
    return new MVStore.Builder().fileName(file.toString()).cacheSize(MONGO_CACHE_MB).open();
  }

  /** The link-signing key, made once and kept, so links stay valid across restarts. */
  private static String signingKey(Path data) throws IOException {
    Path file = data.resolve("link-signing.key");
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(file, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII);
    }
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  /**
   * The key that encrypts archives at rest, made once and kept (readable by its owner only, where
   * the file system knows owners), so archives made before a restart still download.
   */
  private static String encryptionKeyset(Path data) throws IOException {
    Path file = data.resolve("archive-encryption.json");
    if (!Files.exists(file)) {
      Path partial = Files.createTempFile(data, "archive-encryption", ".tmp");
      try {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system (Windows): the data directory's own access rules apply
      }
      Files.writeString(partial, ArchiveEncryption.newKeyset(), StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The common arguments, the service's own, then the settings' properties, which replace any of
   * the same name (Spring would join a repeated command-line option's values with commas).
   */
  private String[] args(List<String> common, String... more) {
    Map<String, String> options = new LinkedHashMap<>();
    Stream.concat(common.stream(), Arrays.stream(more))
        .forEach(
            arg -> {
              int eq = arg.indexOf('=');
              options.put(arg.substring(2, eq), arg.substring(eq + 1));
            });
    options.putAll(settings.properties());
    return options.entrySet().stream()
        .map(o -> "--" + o.getKey() + "=" + o.getValue())
        .toArray(String[]::new);
  }

  public StackFacts facts() {
    return facts;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (mongo != null) {
      mongo.shutdown();
    }
  }
}
