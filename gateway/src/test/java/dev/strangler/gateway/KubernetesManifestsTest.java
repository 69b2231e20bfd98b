package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kustomize manifests in {@code k8s/}: every kustomization builds with {@code kubectl
 * kustomize}, every component (a {@code kind: Component} anywhere under {@code k8s/}, which cannot
 * be built alone) on the base and on every overlay, as an overlay listing it would; the Deployment
 * drains, spreads and shares its state, production scales with its HPA, and the monitoring and
 * Grafana components fit the gateway, as the README says. Needs kubectl (with its built-in
 * kustomize v5); fails, saying so, without it.
 */
class KubernetesManifestsTest {

  static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();

  static final YAMLMapper YAML = YAMLMapper.builder().build();

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/staging", "overlays/production"})
  void kustomization_builds(String kustomization) {
    assertThat(kustomize(K8S.resolve(kustomization))).contains("kind: Deployment");
  }

  @Test
  void everyComponent_buildsOnTheBaseAndOnEveryOverlay(@TempDir Path dir) throws IOException {
    List<Path> components = components();
    assertThat(components)
        .extracting(K8S::relativize)
        .map(Path::toString)
        .contains("components/monitoring", "grafana");
    List<Path> bases = new ArrayList<>(List.of(K8S.resolve("base")));
    bases.addAll(overlays());
    for (Path component : components) {
      for (Path base : bases) {
        if (listsComponent(base, component)) {
          continue;
        }
        List<JsonNode> built = documents(kustomizeWith(dir, base, component));
        String namespace = namespaceOf(base);
        assertThat(built)
            .as(K8S.relativize(component) + " on " + K8S.relativize(base))
            .anyMatch(doc -> doc.get("kind").asString().equals("Deployment"))
            .allSatisfy(
                doc ->
                    assertThat(doc.path("metadata").path("namespace").asString())
                        .as(doc.get("kind").asString() + " namespace")
                        .isEqualTo(namespace));
      }
    }
  }

  @Test
  void production_sharesItsStateThroughRedis_withARequiredAdminToken() {
    List<JsonNode> documents = documents(kustomize(K8S.resolve("overlays/production")));
    JsonNode gateway = gatewayContainer(deployment(documents, "strangler"));
    assertThat(env(gateway, "STRANGLER_STATE_STORE").get("value").asString()).isEqualTo("redis");
    JsonNode url = env(gateway, "SPRING_DATA_REDIS_URL").get("valueFrom").get("secretKeyRef");
    assertThat(url.get("name").asString()).isEqualTo("strangler-redis");
    assertThat(url.get("optional").asBoolean()).isFalse();
    JsonNode token = env(gateway, "STRANGLER_ADMIN_TOKEN").get("valueFrom").get("secretKeyRef");
    assertThat(token.get("optional").asBoolean()).isFalse();
    assertThat(deployment(documents, "strangler-redis").get("spec").get("replicas").asInt())
        .isEqualTo(1);
  }

  @Test
  void production_scalesWithAnHpa_andLeavesTheReplicaCountToIt() {
    List<JsonNode> documents = documents(kustomize(K8S.resolve("overlays/production")));

    JsonNode hpa = only(documents, "HorizontalPodAutoscaler");
    assertThat(hpa.get("spec").get("scaleTargetRef").get("kind").asString())
        .isEqualTo("Deployment");
    assertThat(hpa.get("spec").get("scaleTargetRef").get("name").asString()).isEqualTo("strangler");
    assertThat(hpa.get("spec").get("minReplicas").asInt()).isEqualTo(3);
    assertThat(hpa.get("spec").get("maxReplicas").asInt())
        .isGreaterThan(hpa.get("spec").get("minReplicas").asInt());
    assertThat(deployment(documents, "strangler").get("spec").has("replicas")).isFalse();
  }

  @Test
  void monitoringComponent_scrapesEveryGatewayPodsManagementPort_andCarriesTheAlerts(
      @TempDir Path dir) {
    List<JsonNode> documents =
        documents(
            kustomizeWith(
                dir, K8S.resolve("overlays/production"), K8S.resolve("components/monitoring")));

    JsonNode endpoint = only(documents, "PodMonitor").get("spec").get("podMetricsEndpoints").get(0);
    assertThat(endpoint.get("port").asString()).isEqualTo("management");
    assertThat(endpoint.get("path").asString()).isEqualTo("/actuator/prometheus");
    JsonNode selector =
        only(documents, "PodMonitor").get("spec").get("selector").get("matchLabels");
    for (JsonNode deployment :
        documents.stream()
            .filter(doc -> doc.get("kind").asString().equals("Deployment"))
            .toList()) {
      JsonNode podLabels = deployment.get("spec").get("template").get("metadata").get("labels");
      boolean selected =
          selector.properties().stream()
              .allMatch(
                  label ->
                      label
                          .getValue()
                          .asString()
                          .equals(podLabels.path(label.getKey()).asString()));
      assertThat(selected)
          .as("PodMonitor selects Deployment " + deployment.get("metadata").get("name"))
          .isEqualTo(deployment.get("metadata").get("name").asString().equals("strangler"));
    }
    assertThat(
            gatewayContainer(deployment(documents, "strangler"))
                .get("ports")
                .findValuesAsString("name"))
        .contains("management");
    assertThat(only(documents, "PrometheusRule").get("spec").findValuesAsString("alert"))
        .containsExactlyInAnyOrder(
            "StranglerModernErrorRateAboveLegacy",
            "StranglerFallbacksRising",
            "StranglerCircuitOpen",
            "StranglerShadowBreakingDiffs",
            "StranglerShadowCopiesDropped",
            "StranglerRulesReloadRefused",
            "StranglerStateStoreDown",
            "StranglerPlanRolledBack");
  }

  @Test
  void grafanaComponent_shipsTheDashboardForTheSidecar(@TempDir Path dir) throws IOException {
    List<JsonNode> documents =
        documents(kustomizeWith(dir, K8S.resolve("overlays/staging"), K8S.resolve("grafana")));

    JsonNode dashboard =
        documents.stream()
            .filter(doc -> doc.path("metadata").path("labels").has("grafana_dashboard"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ConfigMap labelled grafana_dashboard"));
    assertThat(dashboard.get("kind").asString()).isEqualTo("ConfigMap");
    assertThat(dashboard.get("data").get("strangler-dashboard.json").asString())
        .isEqualTo(
            Files.readString(
                K8S.resolve("grafana/strangler-dashboard.json"), StandardCharsets.UTF_8));
  }

  @Test
  void deployment_drainsWithinItsGracePeriod_neverDropsBelowItsReplicas_andSpreadsOverNodes() {
    JsonNode spec = deployment(documents(kustomize(K8S.resolve("base"))), "strangler").get("spec");
    Duration drain = Duration.ofSeconds(5);
    Duration inFlight = Duration.ofSeconds(20);
    assertThat(spec.get("template").get("spec").get("terminationGracePeriodSeconds").asInt())
        .as("drain (strangler.shutdown.drain) and requests in flight (timeout-per-shutdown-phase)")
        .isGreaterThan((int) drain.plus(inFlight).toSeconds());
    assertThat(spec.get("strategy").get("rollingUpdate").get("maxUnavailable").asInt()).isZero();
    JsonNode spread = spec.get("template").get("spec").get("topologySpreadConstraints").get(0);
    assertThat(spread.get("topologyKey").asString()).isEqualTo("kubernetes.io/hostname");
    assertThat(
            spread.get("labelSelector").get("matchLabels").get("app.kubernetes.io/name").asString())
        .isEqualTo(
            spec.get("template")
                .get("metadata")
                .get("labels")
                .get("app.kubernetes.io/name")
                .asString());
  }

  /** Every {@code kind: Component} under {@code k8s/}. */
  static List<Path> components() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      return files
          .filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
          .map(Path::getParent)
          .filter(dir -> "Component".equals(kustomization(dir).path("kind").asString()))
          .sorted()
          .toList();
    }
  }

  static List<Path> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
      return dirs.filter(dir -> Files.exists(dir.resolve("kustomization.yaml"))).sorted().toList();
    }
  }

  static JsonNode kustomization(Path dir) {
    return YAML.readTree(dir.resolve("kustomization.yaml").toFile());
  }

  /** Whether a kustomization lists a component itself (it cannot be added twice). */
  static boolean listsComponent(Path kustomization, Path component) {
    for (JsonNode listed : kustomization(kustomization).path("components")) {
      if (kustomization.resolve(listed.asString()).normalize().equals(component)) {
        return true;
      }
    }
    return false;
  }

  static String namespaceOf(Path kustomization) {
    return kustomization(kustomization).path("namespace").asString();
  }

  /**
   * Builds a kustomization with a component added, as an overlay listing it would: in a directory
   * of its own, with the kustomization as resource, the component, and its namespace.
   */
  static String kustomizeWith(Path work, Path kustomization, Path component) {
    try {
      Path dir =
          Files.createTempDirectory(
              work, kustomization.getFileName() + "-" + component.getFileName() + "-");
      String namespace = namespaceOf(kustomization);
      Files.writeString(
          dir.resolve("kustomization.yaml"),
          "apiVersion: kustomize.config.k8s.io/v1beta1\n"
              + "kind: Kustomization\n"
              + (namespace.isEmpty() ? "" : "namespace: " + namespace + "\n")
              + "resources: ["
              + dir.relativize(kustomization)
              + "]\n"
              + "components: ["
              + dir.relativize(component)
              + "]\n",
          StandardCharsets.UTF_8);
      return kustomize(dir);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static JsonNode only(List<JsonNode> documents, String kind) {
    List<JsonNode> ofKind =
        documents.stream().filter(doc -> doc.get("kind").asString().equals(kind)).toList();
    assertThat(ofKind).as(kind).hasSize(1);
    return ofKind.get(0);
  }

  static String kustomize(Path dir) {
    String kubectl = kubectl();
    try {
      Path output = Files.createTempFile("kustomize", ".yaml");
      Process process =
          new ProcessBuilder(kubectl, "kustomize", dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + dir + " took more than 60 s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Files.delete(output);
      assertThat(process.exitValue()).as("kubectl kustomize %s:\n%s", dir, text).isZero();
      return text;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  static String kubectl() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("/usr/bin/kubectl"));
    candidates.add(Path.of("/usr/local/bin/kubectl"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        candidates.add(Path.of(dir, "kubectl"));
      }
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(
            () ->
                new AssertionError(
                    "kubectl is not installed: this test builds every overlay and component in"
                        + " k8s/ with `kubectl kustomize` (kubectl 1.27 or newer, kustomize v5"
                        + " built in). Install kubectl, e.g. Debian's kubernetes-client package."));
  }

  static List<JsonNode> documents(String yaml) {
    try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      return iterator.readAll();
    }
  }

  static JsonNode deployment(List<JsonNode> documents, String name) {
    return documents.stream()
        .filter(doc -> doc.get("kind").asString().equals("Deployment"))
        .filter(doc -> doc.get("metadata").get("name").asString().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  static JsonNode gatewayContainer(JsonNode deployment) {
    for (JsonNode container :
        deployment.get("spec").get("template").get("spec").get("containers")) {
      if (container.get("name").asString().equals("gateway")) {
        return container;
      }
    }
    throw new AssertionError("no container gateway");
  }

  static JsonNode env(JsonNode container, String name) {
    for (JsonNode variable : container.get("env")) {
      if (variable.get("name").asString().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no environment variable " + name);
  }
}
