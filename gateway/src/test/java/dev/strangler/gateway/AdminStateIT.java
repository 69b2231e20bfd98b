package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.RulesFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Runtime state across restarts and rules changes, and the generated admin token: each test starts
 * the gateway itself, some of them more than once over the same state file.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminStateIT {

  static final String TOKEN = "state-test-admin-token-01";

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withoutRules();

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  static String rulesWith(String reportsMode) {
    return """
    legacy: ${legacy}
    routes:
      - id: reports
        paths: [/api/reports/**]
        modern: ${modern}
        mode: %s
      - id: users
        paths: [/api/users/**]
        modern: ${modern}
        mode: legacy
    """
        .formatted(reportsMode);
  }

  @BeforeEach
  void stubBackends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  static ConfigurableApplicationContext start(RulesFiles rules, Path stateFile, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--strangler.rules.location=" + rules.path(),
                "--strangler.rules.poll-interval=100ms",
                "--strangler.state.file=" + stateFile));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(StranglerApplication.class)
        .run(args.toArray(String[]::new));
  }

  static GatewayClient client(ConfigurableApplicationContext context) {
    return new GatewayClient(
        Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
  }

  static AdminClient admin(ConfigurableApplicationContext context, String token) {
    return new AdminClient(
        Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port")),
        token);
  }

  @Test
  void runtimeRollout_survivesRestart_untilTheRulesFileChangesThatRoutesRollout(@TempDir Path dir) {
    RulesFiles rules = backends.newRulesFile().write(rulesWith("legacy"));
    Path stateFile = dir.resolve("state").resolve("strangler-state.json");

    try (ConfigurableApplicationContext first =
        start(rules, stateFile, "--strangler.admin.token=" + TOKEN)) {
      assertThat(
              admin(first, TOKEN)
                  .rollout("reports", "{\"mode\":\"modern\",\"reason\":\"cut over\"}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(client(first).get("/api/reports/1").body()).isEqualTo("modern");
    }
    assertThat(stateFile).exists();
    assertThat(dir.resolve("state")).isDirectoryNotContaining("glob:**.tmp");

    try (ConfigurableApplicationContext second =
        start(rules, stateFile, "--strangler.admin.token=" + TOKEN)) {
      JsonNode reports = admin(second, TOKEN).json("/admin/routes/reports");
      assertThat(reports.get("mode").asString()).isEqualTo("modern");
      assertThat(reports.get("rollout").get("source").asString()).isEqualTo("runtime");
      assertThat(reports.get("rollout").get("reason").asString()).isEqualTo("cut over");
      assertThat(client(second).get("/api/reports/1").body()).isEqualTo("modern");
      assertThat(client(second).get("/api/users/1").body()).isEqualTo("legacy");
    }

    rules.write(rulesWith("shadow"));
    try (ConfigurableApplicationContext third =
        start(rules, stateFile, "--strangler.admin.token=" + TOKEN)) {
      AdminClient admin = admin(third, TOKEN);
      JsonNode reports = admin.json("/admin/routes/reports");
      assertThat(reports.get("mode").asString()).isEqualTo("shadow");
      assertThat(reports.get("rollout").get("source").asString()).isEqualTo("rules-file");
      assertThat(client(third).get("/api/reports/1").body()).isEqualTo("legacy");
      JsonNode entries = admin.json("/admin/audit?route=reports").get("entries");
      assertThat(entries).hasSize(2);
      assertThat(entries.get(0).get("who").asString()).isEqualTo("rules-file");
      assertThat(entries.get(0).get("action").asString()).isEqualTo("rules-reload-replaced");
      assertThat(entries.get(0).get("from").get("mode").asString()).isEqualTo("modern");
      assertThat(entries.get(0).get("to").get("mode").asString()).isEqualTo("shadow");
      assertThat(entries.get(0).get("reason").asString()).contains("from legacy to shadowing");
      assertThat(entries.get(1).get("who").asString()).isEqualTo("admin");
      assertThat(entries.get(1).get("reason").asString()).isEqualTo("cut over");
    }
  }

  @Test
  void reloadChangingARoutesRollout_replacesItsRuntimeRollout_andAuditsIt(@TempDir Path dir) {
    RulesFiles rules = backends.newRulesFile().write(rulesWith("legacy"));
    Path stateFile = dir.resolve("strangler-state.json");

    try (ConfigurableApplicationContext context =
        start(rules, stateFile, "--strangler.admin.token=" + TOKEN)) {
      AdminClient admin = admin(context, TOKEN);
      GatewayClient client = client(context);
      admin.rollout("reports", "{\"mode\":\"modern\",\"reason\":\"cut over\"}");
      admin.rollout("users", "{\"mode\":\"modern\",\"reason\":\"cut over too\"}");

      rules.write(rulesWith("canary\n    percent: 0"));
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> "canary".equals(admin.json("/admin/routes/reports").get("mode").asString()));

      assertThat(client.get("/api/reports/1").body()).isEqualTo("legacy");
      assertThat(client.get("/api/users/1").body())
          .as("a route whose file rollout did not change keeps its own")
          .isEqualTo("modern");
      JsonNode entry = admin.json("/admin/audit?limit=1").get("entries").get(0);
      assertThat(entry.get("who").asString()).isEqualTo("rules-file");
      assertThat(entry.get("route").asString()).isEqualTo("reports");
      assertThat(entry.get("action").asString()).isEqualTo("rules-reload-replaced");
      assertThat(entry.get("to").toString()).isEqualTo("{\"mode\":\"canary\",\"percent\":0}");
    }

    try (ConfigurableApplicationContext context =
        start(rules, stateFile, "--strangler.admin.token=" + TOKEN)) {
      assertThat(client(context).get("/api/reports/1").body()).isEqualTo("legacy");
      assertThat(client(context).get("/api/users/1").body()).isEqualTo("modern");
    }
  }

  @Test
  void withoutAToken_oneIsGeneratedAndLoggedOnce_andWorks(@TempDir Path dir, CapturedOutput output)
      throws Exception {
    RulesFiles rules = backends.newRulesFile().write(rulesWith("legacy"));

    try (ConfigurableApplicationContext context = start(rules, dir.resolve("state.json"))) {
      Matcher generated =
          Pattern.compile("WARN .*No admin token is configured.*: ([A-Za-z0-9_-]{43}) \\.")
              .matcher(output.getAll());
      assertThat(generated.find()).as(output.getAll()).isTrue();
      String token = generated.group(1);
      assertThat(generated.find()).as("logged once").isFalse();

      AdminClient admin = admin(context, token);
      assertThat(admin.json("/admin/routes").get("routes")).hasSize(2);
      assertThat(admin(context, token + "x").get("/admin/routes").statusCode()).isEqualTo(401);
    }
    assertThat(Files.exists(dir.resolve("state.json")))
        .as("nothing changed, nothing written")
        .isFalse();
  }

  @Test
  void configuredTokens_areNeverLogged(@TempDir Path dir, CapturedOutput output) {
    RulesFiles rules = backends.newRulesFile().write(rulesWith("legacy"));

    try (ConfigurableApplicationContext context =
        start(
            rules,
            dir.resolve("state.json"),
            "--strangler.admin.token=" + TOKEN,
            "--strangler.admin.tokens.ops=ops-token-for-the-tests-3")) {
      admin(context, "wrong-token-for-the-tests").get("/admin/routes");
      admin(context, TOKEN).rollout("users", "{\"mode\":\"shadow\",\"reason\":\"look\"}");
      assertThat(
              admin(context, "ops-token-for-the-tests-3")
                  .json("/admin/audit?limit=1")
                  .get("entries")
                  .get(0)
                  .get("who")
                  .asString())
          .isEqualTo("admin");
    }
    assertThat(output.getAll())
        .doesNotContain(TOKEN)
        .doesNotContain("ops-token-for-the-tests-3")
        .doesNotContain("wrong-token-for-the-tests")
        .doesNotContain("No admin token is configured");
  }
}
