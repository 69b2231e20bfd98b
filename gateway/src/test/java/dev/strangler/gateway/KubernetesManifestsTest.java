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
 * The Kustomize manifests in {@code k8s/}: every kustomization and every component builds with
 * {@code kubectl kustomize}, and the Deployment drains, spreads and shares its state as the README
 * says. Needs kubectl (with its built-in kustomize v5); fails, saying so, without it.
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
  void everyComponent_buildsOnTheBase(@TempDir Path dir) throws IOException {
    List<Path> components;
    try (Stream<Path> listed = Files.list(K8S.resolve("components"))) {
      components = listed.filter(Files::isDirectory).toList();
    }
    assertThat(components).isNotEmpty();
    for (Path component : components) {
      Path check = dir.resolve(component.getFileName().toString());
      Files.createDirectories(check);
      Files.writeString(
          check.resolve("kustomization.yaml"),
          "apiVersion: kustomize.config.k8s.io/v1beta1\n"
              + "kind: Kustomization\n"
              + "resources: ["
              + check.relativize(K8S.resolve("base"))
              + "]\n"
              + "components: ["
              + check.relativize(component)
              + "]\n");
      assertThat(kustomize(check)).as(component.toString()).contains("kind: Deployment");
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
    assertThat(deployment(documents, "strangler").get("spec").get("replicas").asInt()).isEqualTo(3);
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
