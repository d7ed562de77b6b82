package io.dataexport.deploy;

import static io.dataexport.deploy.Repo.list;
import static io.dataexport.deploy.Repo.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.deploy.ExportedMetrics.Meter;
import io.dataexport.gateway.GatewayApplication;
import io.dataexport.worker.WorkerApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus (deploy/prometheus) and Grafana (deploy/grafana) as docker-compose runs them: every
 * metric the dashboard and the alert rules query is one the services export. What they export is
 * known two ways: a scrape of both services, started here on a Kafka broker and a MongoDB-wire
 * server in this JVM (Spring Boot's JVM, HTTP and Kafka client meters, and the services' meters
 * registered at start), and the services' sources (their own meters, including those registered on
 * first use, which a fresh scrape lacks) — and where both know a meter, they must agree.
 */
class MonitoringConfigTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Series Prometheus writes itself for every target. */
  private static final Set<String> SYNTHETIC =
      Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_series_added");

  @TempDir static Path data;
  private static EmbeddedKafkaKraftBroker kafka;
  private static MongoServer mongo;
  private static ConfigurableApplicationContext gateway;
  private static ConfigurableApplicationContext worker;
  private static Set<String> gatewaySamples;
  private static Set<String> workerSamples;

  @BeforeAll
  static void startBothServicesAndScrapeThem() throws Exception {
    quietInfrastructureLogs();
    kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.afterPropertiesSet();
    mongo = new MongoServer(H2Backend.inMemory());
    String mongoUri = "mongodb://127.0.0.1:" + mongo.bind().getPort();
    List<String> common =
        List.of(
            "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
            "--dataexport.mongodb.uri=" + mongoUri,
            "--dataexport.archive.filesystem.directory=" + data.resolve("archives"),
            "--dataexport.archive.links.signing-key=" + "k".repeat(32),
            "--server.port=0",
            "--management.server.port=0",
            "--spring.main.register-shutdown-hook=false");
    gateway = GatewayApplication.application().run(common.toArray(String[]::new));
    List<String> workerArgs = new ArrayList<>(common);
    workerArgs.add("--dataexport.worker.spool-directory=" + data.resolve("spool"));
    worker = WorkerApplication.application().run(workerArgs.toArray(String[]::new));

    // one API call, so the gateway has its HTTP and API-call meters
    String api = "http://localhost:" + gateway.getEnvironment().getProperty("local.server.port");
    HTTP.send(
        HttpRequest.newBuilder(URI.create(api + "/v2/enterprise.task.list"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    gatewaySamples = scrape(gateway);
    // the worker's consumer starts in the background; its client meters follow
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> scrape(worker).stream().anyMatch(n -> n.startsWith("kafka_consumer_")));
    workerSamples = scrape(worker);
    // for whoever writes a dashboard or a rule: what there is to query
    Files.write(
        Path.of("target", "exported-metrics.txt"),
        exported().stream()
            .map(
                n ->
                    n
                        + (gatewaySamples.contains(n) || workerSamples.contains(n)
                            ? ""
                            : "  (from the sources: registered on first use)"))
            .toList());
  }

  @AfterAll
  static void stopThem() {
    if (worker != null) {
      worker.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
    if (kafka != null) {
      kafka.destroy();
    }
  }

  /** The broker and MongoDB-wire server log every state change at INFO; keep their warnings. */
  private static void quietInfrastructureLogs() {
    for (String name :
        List.of("kafka", "org.apache.kafka", "state.change.logger", "de.bwaldvogel")) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }

  @Test
  void theNamesReadFromTheSourcesAreTheNamesTheRegistryExports() {
    Set<String> scraped = new TreeSet<>(gatewaySamples);
    scraped.addAll(workerSamples);
    int agreed = 0;
    for (Meter meter : ExportedMetrics.meters()) {
      Set<String> derived = ExportedMetrics.sampleNames(meter);
      if (derived.stream().anyMatch(scraped::contains)) {
        assertThat(scraped).as(meter.name()).containsAll(derived);
        agreed++;
      }
    }
    assertThat(agreed)
        .as("meters registered at start, found in the scrape")
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void theDashboardQueriesOnlyMetricsTheServicesExport() {
    JsonNode dashboard = JSON.readTree(Repo.read(dashboardFile()));
    assertThat(dashboard.get("uid").asString()).isNotBlank();
    assertThat(dashboard.get("title").asString()).isNotBlank();
    List<JsonNode> panels = new ArrayList<>();
    collectPanels(dashboard.get("panels"), panels);
    Set<Integer> ids = new TreeSet<>();
    Set<String> queried = new TreeSet<>();
    String datasource = provisionedDatasourceUid();
    for (JsonNode panel : panels) {
      assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
      assertThat(panel.has("gridPos")).isTrue();
      if (panel.get("type").asString().equals("row")) {
        continue;
      }
      String title = panel.get("title").asString();
      assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo(datasource);
      assertThat(panel.get("targets")).as(title).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        Set<String> names = PromQl.metricNames(target.get("expr").asString());
        assertThat(names).as(title + ": " + target.get("expr").asString()).isNotEmpty();
        queried.addAll(names);
      }
    }
    assertThat(queried).as("metrics the dashboard queries").isSubsetOf(exported());
    assertThat(queried)
        .as("the dashboard shows the services' own metrics")
        .contains(
            "dataexport_exports_total",
            "dataexport_worker_exports_running",
            "dataexport_outbox_oldest_age_seconds",
            "dataexport_api_requests_total");
  }

  @Test
  void theAlertRulesQueryOnlyMetricsTheServicesExport() {
    Map<String, Object> rules = Repo.yaml(Repo.DEPLOY.resolve("prometheus/alerts.yml"));
    Set<String> queried = new TreeSet<>();
    Set<String> alerts = new TreeSet<>();
    for (Object group : list(rules.get("groups"), "groups")) {
      for (Object rule : list(map(group, "group").get("rules"), "rules")) {
        Map<String, Object> r = map(rule, "rule");
        String alert = (String) r.get("alert");
        assertThat(alerts.add(alert)).as("alert names are unique: " + alert).isTrue();
        assertThat(map(r.get("labels"), alert + " labels")).containsKey("severity");
        assertThat(map(r.get("annotations"), alert + " annotations")).containsKey("summary");
        queried.addAll(PromQl.metricNames((String) r.get("expr")));
      }
    }
    assertThat(alerts).isNotEmpty();
    assertThat(queried).as("metrics the alert rules query").isSubsetOf(exported());
  }

  @Test
  void prometheusScrapesBothServicesOnTheirManagementPortsAsComposeRunsThem() {
    Map<String, Object> config = Repo.yaml(Repo.DEPLOY.resolve("prometheus/prometheus.yml"));
    assertThat(list(config.get("rule_files"), "rule_files")).containsExactly("alerts.yml");
    Map<String, Set<String>> targets = new java.util.HashMap<>();
    for (Object job : list(config.get("scrape_configs"), "scrape_configs")) {
      Map<String, Object> j = map(job, "job");
      assertThat(j.get("metrics_path")).isEqualTo("/actuator/prometheus");
      Set<String> hosts = new TreeSet<>();
      for (Object sc : list(j.get("static_configs"), "static_configs")) {
        list(map(sc, "static_config").get("targets"), "targets")
            .forEach(t -> hosts.add((String) t));
      }
      targets.put((String) j.get("job_name"), hosts);
    }
    assertThat(targets.get("api-gateway"))
        .containsExactly("api-gateway:" + managementPort("api-gateway"));
    assertThat(targets.get("export-worker"))
        .containsExactlyInAnyOrder(
            "worker-1:" + managementPort("worker-1"), "worker-2:" + managementPort("worker-2"));
    assertThat(ComposeFileTest.volumes("prometheus"))
        .contains("./deploy/prometheus:/etc/prometheus:ro");
  }

  @Test
  void grafanaProvisionsThePrometheusDatasourceAndTheDashboardFolder() {
    Map<String, Object> provider =
        map(
            list(
                    Repo.yaml(Repo.DEPLOY.resolve("grafana/provisioning/dashboards/dataexport.yml"))
                        .get("providers"),
                    "providers")
                .get(0),
            "provider");
    String path = (String) map(provider.get("options"), "options").get("path");
    assertThat(ComposeFileTest.volumes("grafana"))
        .contains("./deploy/grafana/dashboards:" + path + ":ro")
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    assertThat(
            ComposeFileTest.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
        .isEqualTo(path + "/" + dashboardFile().getFileName());
    Map<String, Object> datasource = datasource();
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
  }

  // --- helpers -----------------------------------------------------------------------------

  private static Set<String> exported() {
    Set<String> all = new TreeSet<>(SYNTHETIC);
    all.addAll(gatewaySamples);
    all.addAll(workerSamples);
    all.addAll(ExportedMetrics.sampleNames());
    return all;
  }

  private static Path dashboardFile() {
    return Repo.DEPLOY.resolve("grafana/dashboards/dataexport.json");
  }

  private static Map<String, Object> datasource() {
    return map(
        list(
                Repo.yaml(Repo.DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml"))
                    .get("datasources"),
                "datasources")
            .get(0),
        "datasource");
  }

  private static String provisionedDatasourceUid() {
    return (String) datasource().get("uid");
  }

  private static String managementPort(String service) {
    return ComposeFileTest.environment(service).get("MANAGEMENT_SERVER_PORT");
  }

  private static void collectPanels(JsonNode panels, List<JsonNode> into) {
    if (panels == null) {
      return;
    }
    for (JsonNode panel : panels) {
      into.add(panel);
      collectPanels(panel.get("panels"), into);
    }
  }

  /** The sample names of a service's /actuator/prometheus, on its management port. */
  private static Set<String> scrape(ConfigurableApplicationContext service)
      throws IOException, InterruptedException {
    String port = service.getEnvironment().getProperty("local.management.port");
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }
}
