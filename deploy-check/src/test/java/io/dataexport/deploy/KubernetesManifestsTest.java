package io.dataexport.deploy;

import static io.dataexport.deploy.Repo.list;
import static io.dataexport.deploy.Repo.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataexport.audit.seal.DigestSigner;
import io.dataexport.audit.seal.SealProperties;
import io.dataexport.event.Topics;
import io.dataexport.gateway.keys.PublishedKeys;
import io.dataexport.signing.Ed25519;
import io.dataexport.worker.archive.ManifestSigningProperties;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kustomize base in deploy/kubernetes, offline: every file listed, every object loaded strictly
 * into the Kubernetes API's schemas (fabric8's model; an unknown or misplaced field fails), and
 * what the objects say of each other and of the services checked: probes on the management port,
 * limits, selectors that select, the worker's grace period against its shutdown grace, the
 * autoscaler bound by the partitions of the topic it watches, topic durability.
 */
class KubernetesManifestsTest {

  /** The custom resources of the base: checked field by field below. */
  private static final Set<String> CUSTOM_KINDS =
      Set.of("keda.sh/v1alpha1/ScaledObject", "kafka.strimzi.io/v1beta2/KafkaTopic");

  /** Spring Boot's default of dataexport.worker.shutdown-grace (WorkerProperties). */
  private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /** What the worker needs after its shutdown grace: hand-back, leaving the group, closing. */
  private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(15);

  /** WorkerConfiguration.DEAD_LETTER_SUFFIX (package-private there). */
  private static final String DEAD_LETTER_SUFFIX = "-dlt";

  /** How the base marks a value an overlay must replace. */
  private static final String PLACEHOLDER = "CHANGE-ME";

  /** A published key's public half, group 1 the prefix of its siblings (…_KEYID). */
  private static final Pattern PUBLISHED_PUBLIC_KEY =
      Pattern.compile("(DATAEXPORT_PUBLISHEDKEYS_\\d+_)PUBLICKEY");

  private static final StrictKubernetesModel MODEL = new StrictKubernetesModel();
  private static final List<HasMetadata> OBJECTS = new ArrayList<>();

  @BeforeAll
  static void loadTheBase() {
    for (String file : kustomizationResources()) {
      for (Object document : Repo.yamlDocuments(Repo.KUBERNETES.resolve(file))) {
        HasMetadata object;
        try {
          object = MODEL.load(map(document, file));
        } catch (RuntimeException e) {
          throw new AssertionError(file + ": " + e.getMessage(), e);
        }
        OBJECTS.add(object);
      }
    }
  }

  @Test
  void theKustomizationListsEveryManifestAndOnlyThose() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.list(Repo.KUBERNETES)) {
      onDisk =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
              .filter(f -> !f.equals("kustomization.yaml"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(new TreeSet<>(kustomizationResources())).isEqualTo(onDisk);
    Map<String, Object> kustomization = Repo.yaml(Repo.KUBERNETES.resolve("kustomization.yaml"));
    assertThat(kustomization.get("kind")).isEqualTo("Kustomization");
    Set<String> images = new TreeSet<>();
    list(kustomization.get("images"), "images")
        .forEach(i -> images.add((String) map(i, "image").get("name")));
    assertThat(images)
        .as("kustomization images: the Deployments' images")
        .isEqualTo(
            all(Deployment.class).stream()
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .map(Container::getImage)
                .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void everyObjectIsOfAKindTheKubernetesModelKnowsOrOneOfTheCustomResources() {
    assertThat(OBJECTS).isNotEmpty();
    for (HasMetadata object : OBJECTS) {
      String kind = object.getApiVersion() + "/" + object.getKind();
      if (CUSTOM_KINDS.contains(kind)) {
        assertThat(object).as(kind).isInstanceOf(GenericKubernetesResource.class);
      } else {
        assertThat(object)
            .as(kind + " " + object.getMetadata().getName() + ": a misspelt apiVersion or kind?")
            .isNotInstanceOf(GenericKubernetesResource.class);
      }
      assertThat(object.getMetadata().getName()).isNotBlank();
      assertThat(object.getMetadata().getNamespace())
          .as("a base leaves the namespace to the overlay")
          .isNull();
    }
    assertThat(OBJECTS.stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
        .contains(
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "ConfigMap",
            "Secret",
            "ScaledObject",
            "KafkaTopic");
  }

  @Test
  void theStrictModelRefusesUnknownAndMisplacedFields() {
    Map<String, Object> misspelt =
        new Yaml()
            .load(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          livenesProbe: {httpGet: {path: /, port: 80}}
                """);
    assertThatThrownBy(() -> MODEL.load(misspelt)).hasMessageContaining("livenesProbe");
    Map<String, Object> misplaced =
        new Yaml()
            .load(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  selector: {a: b}
                  ports: [{port: 80}]
                  terminationGracePeriodSeconds: 30
                """);
    assertThatThrownBy(() -> MODEL.load(misplaced))
        .hasMessageContaining("terminationGracePeriodSeconds");
  }

  @Test
  void everyContainerHasProbesOnTheManagementPortResourcesAndNoRoot() {
    int managementPort = Integer.parseInt(setting("MANAGEMENT_SERVER_PORT"));
    assertThat(all(Deployment.class)).hasSize(2);
    for (Deployment deployment : all(Deployment.class)) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      String name = deployment.getMetadata().getName();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getTerminationGracePeriodSeconds()).as(name).isNotNull();
      for (Container c : pod.getContainers()) {
        String where = name + "/" + c.getName();
        assertThat(port(c, "management")).as(where).isEqualTo(managementPort);
        assertProbe(c.getLivenessProbe(), "/actuator/health/liveness", c, where + " liveness");
        assertProbe(c.getReadinessProbe(), "/actuator/health/readiness", c, where + " readiness");
        assertProbe(c.getStartupProbe(), "/actuator/health/liveness", c, where + " startup");
        // the services wait DATAEXPORT_MONGODB_STARTUP_TIMEOUT (2 min) for MongoDB at start
        Probe startup = c.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
            .as(where + " startup probe's patience, seconds")
            .isGreaterThan(120);
        for (String resource : List.of("cpu", "memory")) {
          assertThat(c.getResources().getRequests()).as(where + " requests").containsKey(resource);
          assertThat(c.getResources().getLimits()).as(where + " limits").containsKey(resource);
        }
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(where).contains("ALL");
      }
    }
  }

  @Test
  void configurationComesFromTheConfigMapsAndSecretsOfTheBase() {
    Set<String> configMaps = names(ConfigMap.class);
    Map<String, Set<String>> secretKeys = new HashMap<>();
    for (Secret s : all(Secret.class)) {
      Set<String> keys = new TreeSet<>();
      if (s.getStringData() != null) {
        keys.addAll(s.getStringData().keySet());
      }
      if (s.getData() != null) {
        keys.addAll(s.getData().keySet());
      }
      secretKeys.put(s.getMetadata().getName(), keys);
    }
    for (Deployment deployment : all(Deployment.class)) {
      for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        String where = deployment.getMetadata().getName() + "/" + c.getName();
        assertThat(c.getEnvFrom()).as(where).isNotEmpty();
        for (EnvFromSource from : c.getEnvFrom()) {
          assertThat(from.getConfigMapRef()).as(where + " envFrom: ConfigMaps only").isNotNull();
          assertThat(configMaps).as(where).contains(from.getConfigMapRef().getName());
        }
        boolean mongoUriFromSecret = false;
        for (EnvVar env : c.getEnv()) {
          assertThat(ServiceSettings.binds(env.getName()))
              .as(where + " env " + env.getName() + ": a setting the service binds")
              .isTrue();
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            var ref = env.getValueFrom().getSecretKeyRef();
            assertThat(secretKeys).as(where).containsKey(ref.getName());
            assertThat(secretKeys.get(ref.getName())).as(where).contains(ref.getKey());
            mongoUriFromSecret |= env.getName().equals("DATAEXPORT_MONGODB_URI");
          }
          assertThat(env.getValue())
              .as(where + " " + env.getName() + ": values belong in a ConfigMap or Secret")
              .isNull();
        }
        assertThat(mongoUriFromSecret)
            .as(where + ": MongoDB URI (credentials) from a Secret")
            .isTrue();
      }
    }
    for (ConfigMap configMap : all(ConfigMap.class)) {
      assertThat(configMap.getData().keySet())
          .as(configMap.getMetadata().getName() + ": settings the services bind")
          .allSatisfy(k -> assertThat(ServiceSettings.binds(k)).as(k).isTrue());
      assertThat(configMap.getData().keySet())
          .as("secrets are not settings")
          .doesNotContain(
              "DATAEXPORT_MONGODB_URI",
              "DATAEXPORT_ARCHIVE_LINKS_SIGNING_KEY",
              "DATAEXPORT_ARCHIVE_FILESYSTEM_ENCRYPTIONKEYSET")
          .doesNotContainAnyElementsOf(SigningKeys.privateKeyVariables());
    }
    for (Deployment deployment : all(Deployment.class)) {
      String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
      assertThat(names(ServiceAccount.class))
          .as(deployment.getMetadata().getName())
          .contains(account);
    }
  }

  @Test
  void theWorkerTakesItsSigningKeysFromTheSecretAndTheGatewayPublishesTheirPublicHalves() {
    Map<String, String> worker = environment(deployment("export-worker"));
    Container workerContainer = container(deployment("export-worker"));
    for (String property : SigningKeys.privateKeyProperties()) {
      List<EnvVar> given =
          workerContainer.getEnv().stream()
              .filter(e -> ServiceSettings.environmentNames(property).contains(e.getName()))
              .toList();
      assertThat(given).as("export-worker's " + property).hasSize(1);
      var ref = given.get(0).getValueFrom().getSecretKeyRef();
      assertThat(ref).as(property + ": from a Secret").isNotNull();
      assertThat(ref.getOptional())
          .as(property + ": required, so a worker without it does not start")
          .isNotEqualTo(Boolean.TRUE);
    }
    // the base holds placeholders: fill them in as an overlay does, a key pair per key id, and
    // the worker signs with keys the gateway publishes (ids, purposes, indexes as Spring binds
    // them)
    Map<String, KeyPair> pairs = new HashMap<>();
    Map<String, String> signing = new HashMap<>(worker);
    String sealId = SigningKeys.bind(worker, SealProperties.class).keyId();
    String manifestId = SigningKeys.bind(worker, ManifestSigningProperties.class).keyId();
    signing.replaceAll(
        (name, value) ->
            name.equals("DATAEXPORT_AUDIT_SEAL_SIGNINGKEY")
                ? privateKey(pairs.computeIfAbsent(sealId, id -> Ed25519.newKeyPair()))
                : name.equals("DATAEXPORT_WORKER_MANIFESTSIGNING_SIGNINGKEY")
                    ? privateKey(pairs.computeIfAbsent(manifestId, id -> Ed25519.newKeyPair()))
                    : value);
    assertThat(signing)
        .as("the worker's private keys, filled in")
        .containsKeys(
            "DATAEXPORT_AUDIT_SEAL_SIGNINGKEY", "DATAEXPORT_WORKER_MANIFESTSIGNING_SIGNINGKEY");
    Map<String, String> gateway = environment(deployment("api-gateway"));
    Map<String, String> publishing = new HashMap<>(gateway);
    gateway.forEach(
        (name, value) -> {
          Matcher publicKey = PUBLISHED_PUBLIC_KEY.matcher(name);
          if (publicKey.matches() && value.startsWith(PLACEHOLDER)) {
            String keyId = gateway.get(publicKey.group(1) + "KEYID");
            KeyPair pair = pairs.computeIfAbsent(keyId, id -> Ed25519.newKeyPair());
            publishing.put(name, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
          }
        });
    SigningKeys.assertTheWorkerSignsWithKeysTheGatewayPublishes("Kubernetes", signing, publishing);
  }

  @Test
  void theBasesPlaceholdersStopBothServicesRatherThanLetThemRunUnsigned() {
    Map<String, String> worker = environment(deployment("export-worker"));
    SealProperties seal = SigningKeys.bind(worker, SealProperties.class);
    assertThat(seal.enabled()).isTrue();
    assertThatThrownBy(() -> DigestSigner.fromPkcs8Base64(seal.keyId(), seal.signingKey()))
        .as("the worker's seal key placeholder")
        .hasMessageContaining("not an Ed25519 PKCS#8 key");
    assertThatThrownBy(() -> SigningKeys.bind(worker, ManifestSigningProperties.class).signer())
        .as("the worker's manifest key placeholder")
        .hasMessageContaining("not an Ed25519 PKCS#8 key");
    assertThatThrownBy(
            () -> SigningKeys.bind(environment(deployment("api-gateway")), PublishedKeys.class))
        .as("the gateway's public key placeholders")
        .hasStackTraceContaining("is not a Ed25519 public key");
  }

  @Test
  void noPrivateKeyReachesTheGatewayAndTheBaseHoldsNone() {
    Deployment gateway = deployment("api-gateway");
    assertThat(environment(gateway).keySet())
        .as("the gateway's environment, its ConfigMaps included")
        .doesNotContainAnyElementsOf(SigningKeys.privateKeyVariables());
    Set<String> privateSecretKeys = new TreeSet<>();
    for (EnvVar env : container(deployment("export-worker")).getEnv()) {
      if (SigningKeys.privateKeyVariables().contains(env.getName())) {
        privateSecretKeys.add(secretKey(env));
      }
    }
    assertThat(privateSecretKeys).hasSameSizeAs(SigningKeys.privateKeyProperties());
    for (Container c : gateway.getSpec().getTemplate().getSpec().getContainers()) {
      assertThat(c.getEnv())
          .as("api-gateway/" + c.getName() + ": no Secret key the worker signs with")
          .noneMatch(e -> privateSecretKeys.contains(secretKey(e)));
    }
    for (Secret secret : all(Secret.class)) {
      secret
          .getStringData()
          .forEach(
              (key, value) ->
                  assertThat(SigningKeys.isPrivateKey(value))
                      .as(secret.getMetadata().getName() + " " + key + ": a placeholder, no key")
                      .isFalse());
      assertThat(secret.getData()).as("placeholders are stringData").isNullOrEmpty();
    }
  }

  @Test
  void servicesBudgetsAndPoliciesSelectTheDeploymentsPods() {
    for (Service service : all(Service.class)) {
      Deployment target =
          selected(service.getSpec().getSelector(), service.getMetadata().getName());
      for (ServicePort p : service.getSpec().getPorts()) {
        IntOrString targetPort = p.getTargetPort();
        assertThat(targetPort.getStrVal())
            .as(service.getMetadata().getName() + " targets a named container port")
            .isNotNull();
        assertThat(port(container(target), targetPort.getStrVal())).isNotNull();
      }
    }
    for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
      selected(pdb.getSpec().getSelector(), pdb.getMetadata().getName());
    }
    assertThat(all(PodDisruptionBudget.class)).hasSameSizeAs(all(Deployment.class));
    int managementPort = Integer.parseInt(setting("MANAGEMENT_SERVER_PORT"));
    for (NetworkPolicy policy : all(NetworkPolicy.class)) {
      String name = policy.getMetadata().getName();
      Deployment target = selected(policy.getSpec().getPodSelector(), name);
      assertThat(policy.getSpec().getPolicyTypes()).as(name).contains("Ingress", "Egress");
      Set<Integer> open = new TreeSet<>();
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        for (NetworkPolicyPort p : rule.getPorts()) {
          open.add(p.getPort().getIntVal());
          if (p.getPort().getIntVal() == managementPort) {
            assertThat(rule.getFrom())
                .as(name + ": the management port is not for everyone")
                .isNotEmpty();
          }
        }
      }
      assertThat(open).as(name).contains(managementPort);
      if (target.getMetadata().getName().equals("api-gateway")) {
        assertThat(open).contains(port(container(target), "http"));
      } else {
        assertThat(open).as(name + ": the worker serves no API").containsOnly(managementPort);
      }
      assertThat(policy.getSpec().getEgress()).as(name + " egress").isNotEmpty();
    }
    assertThat(all(NetworkPolicy.class)).hasSameSizeAs(all(Deployment.class));
  }

  @Test
  void theWorkerOutlivesItsShutdownGraceAndLeavesItsReplicasToTheAutoscaler() {
    Deployment worker = deployment("export-worker");
    String configured = setting("DATAEXPORT_WORKER_SHUTDOWN_GRACE");
    Duration grace =
        configured == null ? DEFAULT_SHUTDOWN_GRACE : DurationStyle.detectAndParse(configured);
    long period = worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(Duration.ofSeconds(period))
        .as("terminationGracePeriodSeconds > shutdown grace + margin")
        .isGreaterThanOrEqualTo(grace.plus(SHUTDOWN_MARGIN));
    assertThat(worker.getSpec().getReplicas()).as("KEDA owns the worker's replicas").isNull();
    assertThat(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .as("each worker names itself by its pod")
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("DATAEXPORT_WORKER_WORKER_ID"));
  }

  @Test
  void theWorkerScalesOnItsConsumerGroupsLagBoundedByThePartitions() throws IOException {
    GenericKubernetesResource scaledObject = custom("ScaledObject").get(0);
    Map<String, Object> spec = map(scaledObject.getAdditionalProperties().get("spec"), "spec");
    Map<String, Object> target = map(spec.get("scaleTargetRef"), "scaleTargetRef");
    assertThat(target.get("name")).isEqualTo(deployment("export-worker").getMetadata().getName());
    assertThat(target.get("kind")).isEqualTo("Deployment");
    List<Object> triggers = list(spec.get("triggers"), "triggers");
    assertThat(triggers).hasSize(1);
    Map<String, Object> trigger = map(triggers.get(0), "trigger");
    assertThat(trigger.get("type")).isEqualTo("kafka");
    Map<String, Object> metadata = map(trigger.get("metadata"), "trigger metadata");
    assertThat(metadata.get("consumerGroup")).isEqualTo(workerConsumerGroup());
    assertThat(metadata.get("topic"))
        .isEqualTo(Topics.EXPORT_REQUESTED)
        .isEqualTo(setting("DATAEXPORT_KAFKA_EXPORT_REQUESTED_TOPIC"));
    assertThat(metadata.get("bootstrapServers"))
        .isEqualTo(setting("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
    assertThat(metadata.get("allowIdleConsumers")).isEqualTo("false");
    assertThat(metadata.get("lagThreshold"))
        .as("lag per worker = exports one worker runs at once")
        .isEqualTo(setting("DATAEXPORT_WORKER_MAX_CONCURRENT_EXPORTS"));
    int partitions = partitions(Topics.EXPORT_REQUESTED);
    assertThat(spec.get("maxReplicaCount"))
        .as("maxReplicaCount = partitions")
        .isEqualTo(partitions);
    assertThat((Integer) spec.get("minReplicaCount"))
        .as("two workers at least, so a drain (PDB maxUnavailable 1) leaves one")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void topicsAreReplicatedThreeTimesWithTwoInSyncAndTheAuditTrailKeptLong() {
    List<GenericKubernetesResource> topics = custom("KafkaTopic");
    Set<String> names = new TreeSet<>();
    Set<Object> clusters = new TreeSet<>();
    for (GenericKubernetesResource topic : topics) {
      Map<String, Object> spec = map(topic.getAdditionalProperties().get("spec"), "spec");
      String name = (String) spec.get("topicName");
      names.add(name);
      clusters.add(topic.getMetadata().getLabels().get("strimzi.io/cluster"));
      assertThat(spec.get("replicas")).as(name).isEqualTo(3);
      assertThat((Integer) spec.get("partitions")).as(name).isPositive();
      Map<String, Object> config = map(spec.get("config"), name + " config");
      assertThat(config.get("min.insync.replicas")).as(name).isEqualTo(2);
      assertThat(config).as(name).containsKey("retention.ms");
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            Topics.EXPORT_REQUESTED, Topics.AUDIT, Topics.EXPORT_REQUESTED + DEAD_LETTER_SUFFIX);
    assertThat(clusters).hasSize(1).doesNotContainNull();
    assertThat(setting("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
        .as("Strimzi's bootstrap Service of that cluster")
        .startsWith(clusters.iterator().next() + "-kafka-bootstrap:");
    long auditRetention = ((Number) topicConfig(Topics.AUDIT).get("retention.ms")).longValue();
    assertThat(auditRetention == -1 || auditRetention >= Duration.ofDays(365).toMillis())
        .as("audit topic retention.ms %d: a year at least, or -1", auditRetention)
        .isTrue();
    assertThat(partitions(Topics.EXPORT_REQUESTED + DEAD_LETTER_SUFFIX))
        .as("a dead letter goes to the partition number of its request")
        .isEqualTo(partitions(Topics.EXPORT_REQUESTED));
    assertThat(setting("DATAEXPORT_KAFKA_PARTITIONS"))
        .isEqualTo(String.valueOf(partitions(Topics.EXPORT_REQUESTED)));
    assertThat(setting("DATAEXPORT_KAFKA_REPLICATION_FACTOR")).isEqualTo("3");
    assertThat(setting("DATAEXPORT_KAFKA_AUDIT_TOPIC")).isEqualTo(Topics.AUDIT);
  }

  @Test
  void kubectlKustomizeRendersTheBase() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed; the checks above ran without it");
    Process process =
        new ProcessBuilder("kubectl", "kustomize", Repo.KUBERNETES.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(new Yaml().loadAll(output)).hasSize(OBJECTS.size());
  }

  // --- helpers -----------------------------------------------------------------------------

  /**
   * The environment of a Deployment's first container: its ConfigMaps' data, then its own
   * variables, those from a Secret with the base's (placeholder) value, those from a field with the
   * field's path.
   */
  private static Map<String, String> environment(Deployment deployment) {
    Container c = container(deployment);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      String name = from.getConfigMapRef().getName();
      all(ConfigMap.class).stream()
          .filter(m -> m.getMetadata().getName().equals(name))
          .forEach(m -> env.putAll(m.getData()));
    }
    for (EnvVar e : c.getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        all(Secret.class).stream()
            .filter(s -> s.getMetadata().getName().equals(ref.getName()))
            .map(s -> s.getStringData().get(ref.getKey()))
            .filter(Objects::nonNull)
            .forEach(value -> env.put(e.getName(), value));
      } else if (e.getValueFrom().getFieldRef() != null) {
        env.put(e.getName(), e.getValueFrom().getFieldRef().getFieldPath());
      }
    }
    return env;
  }

  /** The Secret and key a variable comes from, null for one that comes from elsewhere. */
  private static String secretKey(EnvVar env) {
    if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
      return null;
    }
    var ref = env.getValueFrom().getSecretKeyRef();
    return ref.getName() + "/" + ref.getKey();
  }

  private static String privateKey(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
  }

  private static List<String> kustomizationResources() {
    List<String> resources = new ArrayList<>();
    list(Repo.yaml(Repo.KUBERNETES.resolve("kustomization.yaml")).get("resources"), "resources")
        .forEach(r -> resources.add((String) r));
    return resources;
  }

  private static <T extends HasMetadata> List<T> all(Class<T> type) {
    return OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static Set<String> names(Class<? extends HasMetadata> type) {
    return all(type).stream()
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<GenericKubernetesResource> custom(String kind) {
    List<GenericKubernetesResource> found =
        all(GenericKubernetesResource.class).stream()
            .filter(r -> r.getKind().equals(kind))
            .toList();
    assertThat(found).as(kind).isNotEmpty();
    return found;
  }

  private static Deployment deployment(String name) {
    return all(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The Deployment whose pods a selector selects: exactly one. */
  private static Deployment selected(Object selector, String by) {
    Map<String, String> labels =
        selector instanceof LabelSelector s ? s.getMatchLabels() : castLabels(selector);
    assertThat(labels).as(by + " selects by labels").isNotEmpty();
    List<Deployment> matches =
        all(Deployment.class).stream()
            .filter(
                d ->
                    d.getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(labels.entrySet()))
            .toList();
    assertThat(matches).as(by + " selects the pods of one Deployment").hasSize(1);
    return matches.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castLabels(Object selector) {
    return (Map<String, String>) selector;
  }

  private static Integer port(Container c, String name) {
    return c.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(null);
  }

  private static void assertProbe(Probe probe, String path, Container c, String what) {
    assertThat(probe).as(what).isNotNull();
    assertThat(probe.getHttpGet()).as(what).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).as(what).isEqualTo("management");
    assertThat(port(c, "management")).as(what).isNotNull();
  }

  /** A key of the ConfigMaps (each key is in one of them at most). */
  private static String setting(String key) {
    List<String> values =
        all(ConfigMap.class).stream()
            .filter(c -> c.getData().containsKey(key))
            .map(c -> c.getData().get(key))
            .toList();
    assertThat(values).as(key + " set once").hasSizeLessThan(2);
    return values.isEmpty() ? null : values.get(0);
  }

  private static Map<String, Object> topicSpec(String topicName) {
    return custom("KafkaTopic").stream()
        .map(t -> map(t.getAdditionalProperties().get("spec"), "spec"))
        .filter(s -> topicName.equals(s.get("topicName")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no KafkaTopic " + topicName));
  }

  private static int partitions(String topicName) {
    return (Integer) topicSpec(topicName).get("partitions");
  }

  private static Map<String, Object> topicConfig(String topicName) {
    return map(topicSpec(topicName).get("config"), topicName + " config");
  }

  /** spring.kafka.consumer.group-id of the worker's own configuration file. */
  private static String workerConsumerGroup() throws IOException {
    try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/export-worker.yml")) {
      Map<String, Object> config = new Yaml().load(in);
      return (String)
          map(map(map(config.get("spring"), "spring").get("kafka"), "kafka").get("consumer"), "c")
              .get("group-id");
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
