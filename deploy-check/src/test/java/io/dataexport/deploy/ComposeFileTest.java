package io.dataexport.deploy;

import static io.dataexport.deploy.Repo.list;
import static io.dataexport.deploy.Repo.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dataexport.archive.fs.ArchiveEncryption;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml (and its GCS override): valid Compose, checked twice — by Debian's
 * docker-compose itself ({@code docker-compose config -q}, which .ci/run installs; skipped, and
 * reported so, where it is missing) and, always, against the Compose Specification's JSON schema —
 * and wired together: what the services are told matches what the other services are.
 */
class ComposeFileTest {

  private static final Path GCS_OVERRIDE = Repo.DEPLOY.resolve("compose/gcs.yml");
  private static final List<String> SERVICES = List.of("api-gateway", "worker-1", "worker-2");

  /** Spring Boot's default of dataexport.worker.shutdown-grace (WorkerProperties). */
  private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  @ParameterizedTest
  @ValueSource(strings = {"docker-compose.yml", "deploy/compose/gcs.yml"})
  void matchesTheComposeSpecificationSchema(String file) throws IOException {
    Schema schema;
    try (var in = getClass().getResourceAsStream("/compose-spec.json")) {
      schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
              .getSchema(
                  // the schema's own $id, "compose_spec.json", is relative: give it a base
                  new String(in.readAllBytes(), StandardCharsets.UTF_8)
                      .replace(
                          "\"$id\": \"compose_spec.json\"",
                          "\"$id\": \"https://github.com/compose-spec/compose-spec/schema/compose-spec.json\""));
    }
    JsonNode compose = JsonMapper.builder().build().valueToTree(Repo.yaml(Repo.ROOT.resolve(file)));
    List<Error> errors = schema.validate(compose);
    assertThat(errors).as(file).isEmpty();
  }

  @Test
  void dockerComposeConfigAcceptsItAloneAndWithTheGcsOverride() throws Exception {
    assumeTrue(
        onPath("docker-compose"),
        "docker-compose is not installed (.ci/run installs Debian's package); the schema check ran");
    dockerComposeConfig("-f", "docker-compose.yml");
    dockerComposeConfig("-f", "docker-compose.yml", "-f", "deploy/compose/gcs.yml");
  }

  @Test
  void definesTheInfrastructureTheServicesAndTheirMonitoring() {
    Map<String, Object> services = services();
    assertThat(services)
        .containsKeys(
            "kafka",
            "mongo",
            "mongo-init",
            "fake-gcs",
            "api-gateway",
            "worker-1",
            "worker-2",
            "prometheus",
            "grafana");
    Map<String, Object> kafka = map(services.get("kafka"), "kafka");
    assertThat((String) kafka.get("image")).startsWith("apache/kafka:");
    assertThat(environment("kafka").get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    assertThat(list(map(services.get("mongo"), "mongo").get("command"), "mongo command"))
        .contains("--replSet");
    assertThat(list(map(services.get("mongo-init"), "mongo-init").get("command"), "command"))
        .contains("/deploy/compose/mongo-init.js");
    assertThat(Repo.read(Repo.DEPLOY.resolve("compose/mongo-init.js")))
        .contains("rs.initiate(")
        .contains("load(\"/deploy/mongodb/export-jobs-indexes.js\")");
    assertThat((String) map(services.get("fake-gcs"), "fake-gcs").get("image"))
        .startsWith("fsouza/fake-gcs-server:");
    assertThat(String.valueOf(map(services.get("fake-gcs"), "fake-gcs").get("command")))
        .contains("mkdir -p /data/" + environment("worker-1").get("DATAEXPORT_ARCHIVE_GCS_BUCKET"));
  }

  @Test
  void everyServiceSettingIsOneTheServicesBind() {
    for (String service : SERVICES) {
      assertThat(environment(service).keySet())
          .as("%s's environment: each must be a setting the service binds", service)
          .allSatisfy(name -> assertThat(ServiceSettings.binds(name)).as(name).isTrue());
    }
    Map<String, Object> gcs = map(map(Repo.yaml(GCS_OVERRIDE).get("services"), "services"), "");
    for (Object service : gcs.values()) {
      assertThat(map(map(service, "service").get("environment"), "environment").keySet())
          .allSatisfy(name -> assertThat(ServiceSettings.binds(name)).as(name).isTrue());
    }
  }

  @Test
  void gatewayAndWorkersShareTheArchivesAndTheLinkSigningKey() {
    Map<String, String> gateway = environment("api-gateway");
    assertThat(gateway.get("DATAEXPORT_ARCHIVE_LINKS_SIGNING_KEY")).hasSizeGreaterThan(31);
    for (String worker : List.of("worker-1", "worker-2")) {
      Map<String, String> env = environment(worker);
      for (String shared :
          List.of(
              "SPRING_KAFKA_BOOTSTRAP_SERVERS",
              "DATAEXPORT_MONGODB_URI",
              "DATAEXPORT_MONGODB_DATABASE",
              "DATAEXPORT_ARCHIVE_STORE",
              "DATAEXPORT_ARCHIVE_FILESYSTEM_DIRECTORY",
              "DATAEXPORT_ARCHIVE_FILESYSTEM_ENCRYPTIONKEYSET",
              "DATAEXPORT_ARCHIVE_LINKS_SIGNING_KEY")) {
        assertThat(env.get(shared)).as(worker + " " + shared).isEqualTo(gateway.get(shared));
      }
      assertThat(volumes(worker))
          .contains("archives:" + env.get("DATAEXPORT_ARCHIVE_FILESYSTEM_DIRECTORY"));
    }
    assertThat(volumes("api-gateway"))
        .contains("archives:" + gateway.get("DATAEXPORT_ARCHIVE_FILESYSTEM_DIRECTORY"));
    assertThat(environment("worker-1").get("DATAEXPORT_WORKER_WORKER_ID"))
        .isNotEqualTo(environment("worker-2").get("DATAEXPORT_WORKER_WORKER_ID"));
    assertThat(gateway.get("DATAEXPORT_MONGODB_URI")).contains("replicaSet=rs0");
    assertThat(Repo.read(Repo.DEPLOY.resolve("compose/mongo-init.js"))).contains("_id: \"rs0\"");
  }

  @Test
  void archivesAreEncryptedAtRestWithAKeysetTheStoreAccepts() {
    String keyset =
        environment("api-gateway").get("DATAEXPORT_ARCHIVE_FILESYSTEM_ENCRYPTIONKEYSET");
    assertThat(keyset).as("the filesystem store's keyset").isNotBlank();
    // what ArchiveStoreConfiguration does with it at start; it throws on anything else
    assertThat(ArchiveEncryption.fromKeyset(keyset)).isNotNull();
  }

  @Test
  void workersSealAndSignWithKeysWhosePublicHalvesTheGatewayPublishes() {
    for (String worker : List.of("worker-1", "worker-2")) {
      SigningKeys.assertTheWorkerSignsWithKeysTheGatewayPublishes(
          worker, environment(worker), environment("api-gateway"));
    }
  }

  @Test
  void noPrivateKeyReachesTheGateway() {
    Map<String, String> gateway = environment("api-gateway");
    assertThat(gateway.keySet())
        .as("the gateway's environment")
        .doesNotContainAnyElementsOf(SigningKeys.privateKeyVariables());
    assertThat(gateway)
        .as("a private key under another name")
        .allSatisfy(
            (name, value) -> assertThat(SigningKeys.isPrivateKey(value)).as(name).isFalse());
    for (String worker : List.of("worker-1", "worker-2")) {
      Map<String, String> env = environment(worker);
      for (String variable : SigningKeys.privateKeyVariables()) {
        if (env.containsKey(variable)) {
          assertThat(SigningKeys.isPrivateKey(env.get(variable)))
              .as(worker + " " + variable + " is recognised as a private key")
              .isTrue();
          assertThat(gateway.values())
              .as(worker + " " + variable)
              .doesNotContain(env.get(variable));
        }
      }
    }
  }

  @Test
  void theServiceImagesAreBuiltFromTheirModulesRunnableJars() throws IOException {
    for (String module : List.of("api-gateway", "export-worker")) {
      String service = module.equals("export-worker") ? "worker-1" : module;
      Object build = map(services().get(service), service).get("build");
      assertThat(build).as(service + " build").isEqualTo("./" + module);
      Path dockerfile = Repo.ROOT.resolve(module).resolve("Dockerfile");
      assertThat(dockerfile).exists();
      assertThat(Repo.read(dockerfile))
          .contains("COPY target/" + module + "-*-exec.jar")
          .containsPattern("(?m)^USER \\d+")
          .containsPattern("(?m)^ENTRYPOINT \\[\"java\"");
      assertThat(Repo.read(Repo.ROOT.resolve(module).resolve(".dockerignore")))
          .contains("!target/" + module + "-*-exec.jar");
    }
  }

  @Test
  void healthChecksProbeTheManagementPortsReadiness() {
    for (String service : SERVICES) {
      String port = environment(service).get("MANAGEMENT_SERVER_PORT");
      assertThat(port).as(service).isNotBlank();
      Map<String, Object> healthcheck =
          map(map(services().get(service), service).get("healthcheck"), service + " healthcheck");
      assertThat(list(healthcheck.get("test"), "test"))
          .contains("http://localhost:" + port + "/actuator/health/readiness");
    }
  }

  @Test
  void workersGetTheirShutdownGraceAndAMarginBeforeDockerKillsThem() {
    for (String worker : List.of("worker-1", "worker-2")) {
      String configured = environment(worker).get("DATAEXPORT_WORKER_SHUTDOWN_GRACE");
      Duration grace =
          configured == null ? DEFAULT_SHUTDOWN_GRACE : DurationStyle.detectAndParse(configured);
      Duration stop =
          composeDuration((String) map(services().get(worker), worker).get("stop_grace_period"));
      assertThat(stop)
          .as(worker + " stop_grace_period")
          .isGreaterThanOrEqualTo(grace.plusSeconds(15));
    }
  }

  @Test
  void everyFileItMountsOrBuildsExists() {
    services()
        .forEach(
            (name, service) -> {
              for (String volume : volumes(name)) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                  assertThat(Repo.ROOT.resolve(source)).as(name + " mounts " + source).exists();
                }
              }
              Object dependsOn = map(service, name).get("depends_on");
              if (dependsOn != null) {
                Iterable<?> names =
                    dependsOn instanceof Map<?, ?> m ? m.keySet() : list(dependsOn, "depends_on");
                names.forEach(
                    d -> assertThat(services()).as(name + " depends on").containsKey((String) d));
              }
            });
  }

  static Map<String, Object> services() {
    return map(Repo.yaml(Repo.COMPOSE_FILE).get("services"), "services");
  }

  /** A service's environment, with ${VAR:-default} read as its default. */
  static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object declared = map(services().get(service), service).get("environment");
    map(declared, service + " environment")
        .forEach((k, v) -> env.put(k, v == null ? null : interpolateDefaults(String.valueOf(v))));
    return env;
  }

  static List<String> volumes(String service) {
    Object volumes = map(services().get(service), service).get("volumes");
    List<String> result = new ArrayList<>();
    if (volumes != null) {
      list(volumes, service + " volumes").forEach(v -> result.add((String) v));
    }
    return result;
  }

  private static String interpolateDefaults(String value) {
    Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}").matcher(value);
    return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
  }

  private static Duration composeDuration(String value) {
    Matcher m = Pattern.compile("(\\d+)(h|m|s|ms)").matcher(value);
    Duration total = Duration.ZERO;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
    }
    return total;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /** Runs docker-compose config -q in the repository's root: it must exit 0. */
  private static void dockerComposeConfig(String... files) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker-compose"));
    command.addAll(List.of(files));
    command.addAll(List.of("config", "-q"));
    Process process =
        new ProcessBuilder(command).directory(Repo.ROOT.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose ended").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
