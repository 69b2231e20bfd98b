package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import tools.jackson.databind.JsonNode;

/** The admin API through the running gateway: security, every call, validation, no evaluation. */
@GatewayIT(
    properties = {
      "strangler.rules.poll-interval=100ms",
      "strangler.admin.token=" + AdminIT.TOKEN,
      "strangler.plans.enabled=false",
      "strangler.admin.tokens.ci-bot=" + AdminIT.CI_TOKEN
    })
class AdminIT {

  static final String TOKEN = "admin-token-for-tests-0001";

  static final String CI_TOKEN = "ci-bot-token-for-tests-0002";

  /** The file an evaluated expression would create. */
  static final Path PWNED = pwnedPath();

  static final String SPEL = "#{T(java.lang.Runtime).getRuntime().exec('touch " + PWNED + "')}";

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/api/orders/**]
          methods: [GET, POST]
          modern: ${modern}
          mode: canary
          percent: 30
          sticky-by: [header:X-User-Id]
          plan:
            steps: [1, 5, 25, 50, 100]
        - id: reports
          paths: [/api/reports/**]
          modern: ${modern}
          mode: legacy
        - id: search
          paths: [/api/search/**]
          modern: ${modern}
          mode: shadow
          salt: "%s"
        - id: users
          paths: [/api/users/**]
          modern: ${modern}
          mode: modern
          fallback:
            enabled: false
      """
          .formatted(SPEL.replace("\\", "\\\\").replace("\"", "\\\""));

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired ApplicationContext context;

  @Autowired RulesFileWatcher watcher;

  GatewayClient client;

  GatewayClient management;

  AdminClient admin;

  static Path pwnedPath() {
    try {
      return Files.createTempDirectory("strangler-spel").resolve("pwned");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @BeforeEach
  void setUp() {
    client = new GatewayClient(port);
    management = new GatewayClient(managementPort);
    admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  static Stream<Arguments> adminCalls() {
    return Stream.of(
        Arguments.of("GET", "/admin/routes"),
        Arguments.of("GET", "/admin/routes/orders"),
        Arguments.of("PUT", "/admin/routes/reports/rollout"),
        Arguments.of("POST", "/admin/routes/reports/rollback"),
        Arguments.of("POST", "/admin/routes/orders/plan/pause"),
        Arguments.of("POST", "/admin/routes/orders/plan/resume"),
        Arguments.of("POST", "/admin/routes/orders/plan/advance"),
        Arguments.of("GET", "/admin/routes/search/diffs"),
        Arguments.of("DELETE", "/admin/routes/search/diffs"),
        Arguments.of("GET", "/admin/audit"),
        Arguments.of("GET", "/admin/rules"),
        Arguments.of("GET", "/admin/runbook"),
        Arguments.of("GET", "/admin/nope"),
        Arguments.of("GET", "/actuator/info"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminCalls")
  void adminCall_withoutToken_is401Problem(String method, String path) {
    HttpResponse<String> response =
        management.send(
            method,
            path,
            "{\"mode\":\"modern\",\"reason\":\"x\"}",
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"strangler-admin\"");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(AdminClient.parse(response.body()).get("status").asInt()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminCalls")
  void adminCall_withWrongToken_is401(String method, String path) {
    for (String authorization :
        List.of(
            "Bearer " + TOKEN + "x",
            "Bearer " + TOKEN.substring(1),
            "Bearer ",
            "Basic " + TOKEN,
            TOKEN)) {
      HttpResponse<String> response =
          management.send(
              method,
              path,
              "{\"mode\":\"modern\",\"reason\":\"x\"}",
              "Content-Type",
              "application/json",
              "Authorization",
              authorization);

      assertThat(response.statusCode()).as(authorization).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"strangler-admin\", error=\"invalid_token\"");
    }
    assertThat(client.get("/not/migrated").body()).isEqualTo("legacy");
  }

  @Test
  void mainPort_needsNoToken_andHasNoAdminApiNorSecurityChain() {
    HttpResponse<String> proxied = client.get("/api/reports/1");
    HttpResponse<String> adminPath = client.get("/admin/routes");

    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(proxied.body()).isEqualTo("legacy");
    assertThat(adminPath.statusCode()).isEqualTo(200);
    assertThat(adminPath.body()).isEqualTo("legacy");
    assertThat(adminPath.headers().firstValue("X-Strangler-Route")).hasValue("catch-all");
    assertThat(context.getBeanNamesForType(SecurityWebFilterChain.class)).isEmpty();
    assertThat(context.getBeanNamesForType(WebFilterChainProxy.class)).isEmpty();
  }

  @Test
  void healthAndPrometheus_areOpen_evenWithAStrayToken() {
    for (String path :
        List.of(
            "/actuator/health",
            "/actuator/health/liveness",
            "/actuator/health/readiness",
            "/actuator/prometheus")) {
      assertThat(management.get(path).statusCode()).as(path).isEqualTo(200);
      assertThat(management.get(path, "Authorization", "Bearer not-an-admin-token").statusCode())
          .as(path)
          .isEqualTo(200);
    }
  }

  @Test
  void dashboard_isServedWithoutToken_withAStrictContentSecurityPolicy() {
    HttpResponse<String> page = management.get("/");
    HttpResponse<String> script = management.get("/dashboard/dashboard.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
    assertThat(page.body())
        .contains("<title>Strangler</title>")
        .contains("/dashboard/dashboard.js");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("script-src 'self'");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("/admin/routes").contains("rollback");
    assertThat(management.get("/dashboard/secrets.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void managementPort_keepsServingOneKeepAliveConnection() {
    GatewayClient oneConnection = new GatewayClient(managementPort);

    for (int i = 0; i < 150; i++) {
      assertThat(oneConnection.get("/actuator/health/liveness").statusCode())
          .as("request " + i)
          .isEqualTo(200);
    }
  }

  @Test
  void getRoutes_listsEveryRouteWithRolloutPlanCircuitAndFigures() {
    client.get("/api/users/1");
    client.get("/api/users/2");

    JsonNode body = admin.json("/admin/routes");

    assertThat(body.get("rulesVersion").asString()).isEqualTo(watcher.status().version());
    assertThat(body.get("routes"))
        .extracting(route -> route.get("id").asString())
        .containsExactly("orders", "reports", "search", "users");
    JsonNode orders = body.get("routes").get(0);
    assertThat(orders.get("paths").get(0).asString()).isEqualTo("/api/orders/**");
    assertThat(orders.get("methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
    assertThat(orders.get("legacy").asString()).isEqualTo(legacy.baseUrl());
    assertThat(orders.get("modern").asString()).isEqualTo(modern.baseUrl());
    assertThat(orders.get("plan").get("steps").toString()).isEqualTo("[1,5,25,50,100]");
    assertThat(orders.get("plan").get("step").isNull()).isTrue();
    assertThat(orders.get("plan").get("eta").isNull()).isTrue();
    assertThat(orders.get("circuitBreaker").get("state").asString()).isEqualTo("CLOSED");
    assertThat(orders.get("shadow").isNull()).isTrue();
    JsonNode users = admin.json("/admin/routes/users");
    assertThat(users.get("mode").asString()).isEqualTo("modern");
    assertThat(users.get("modernShare").asInt()).isEqualTo(100);
    assertThat(admin.json("/admin/routes/search").get("rollout").get("source").asString())
        .isEqualTo("rules-file");
    assertThat(users.get("plan").isNull()).isTrue();
    assertThat(users.get("circuitBreaker").isNull()).isTrue();
    assertThat(users.get("traffic").get("modern").get("requests").asLong())
        .isGreaterThanOrEqualTo(2);
    assertThat(users.get("traffic").get("modern").get("p99Ms").asDouble()).isPositive();
  }

  @Test
  void unknownRoute_is404Problem_forEveryRouteCall() {
    for (HttpResponse<String> response :
        List.of(
            admin.get("/admin/routes/nope"),
            admin.rollout("nope", "{\"mode\":\"modern\",\"reason\":\"x\"}"),
            admin.send("POST", "/admin/routes/nope/rollback", "{\"reason\":\"x\"}"),
            admin.send("POST", "/admin/routes/nope/plan/pause", "{\"reason\":\"x\"}"),
            admin.get("/admin/routes/nope/diffs"),
            admin.send("DELETE", "/admin/routes/nope/diffs", ""))) {
      assertThat(response.statusCode()).as(response.request().uri().toString()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(AdminClient.parse(response.body()).get("detail").asString())
          .isEqualTo("route nope is not in the rules");
    }
  }

  @Test
  void putRollout_takesEffectOnTheNextRequest_andIsAuditedWithTheTokensName() {
    admin.rollout("reports", "{\"mode\":\"legacy\",\"reason\":\"start\"}");
    assertThat(client.get("/api/reports/1").body()).isEqualTo("legacy");

    HttpResponse<String> response =
        admin.rollout("reports", "{\"mode\":\"modern\",\"reason\":\"modern is ready\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = AdminClient.parse(response.body());
    assertThat(view.get("mode").asString()).isEqualTo("modern");
    assertThat(view.get("rollout").get("source").asString()).isEqualTo("runtime");
    assertThat(view.get("rollout").get("who").asString()).isEqualTo("admin");
    assertThat(view.get("rollout").get("reason").asString()).isEqualTo("modern is ready");
    assertThat(view.get("rollout").get("file").get("mode").asString()).isEqualTo("legacy");
    assertThat(client.get("/api/reports/1").body()).isEqualTo("modern");

    new AdminClient(managementPort, CI_TOKEN)
        .rollout("reports", "{\"mode\":\"canary\",\"percent\":12.5,\"reason\":\"ci canary\"}");

    JsonNode latest = admin.json("/admin/audit?route=reports&limit=2").get("entries");
    assertThat(latest.get(0).get("who").asString()).isEqualTo("ci-bot");
    assertThat(latest.get(0).get("action").asString()).isEqualTo("rollout");
    assertThat(latest.get(0).get("from").toString())
        .isEqualTo("{\"mode\":\"modern\",\"percent\":0}");
    assertThat(latest.get(0).get("to").toString())
        .isEqualTo("{\"mode\":\"canary\",\"percent\":12.5}");
    assertThat(latest.get(0).get("reason").asString()).isEqualTo("ci canary");
    assertThat(latest.get(1).get("who").asString()).isEqualTo("admin");
    assertThat(latest.get(1).get("reason").asString()).isEqualTo("modern is ready");
    assertThat(admin.json("/admin/routes/reports").get("percent").asDouble()).isEqualTo(12.5);
  }

  @Test
  void putRollout_withoutPercent_keepsTheCurrentPercent() {
    admin.rollout("orders", "{\"mode\":\"canary\",\"percent\":40,\"reason\":\"raise\"}");

    admin.rollout("orders", "{\"mode\":\"shadow\",\"reason\":\"pause the canary\"}");

    JsonNode orders = admin.json("/admin/routes/orders");
    assertThat(orders.get("mode").asString()).isEqualTo("shadow");
    assertThat(orders.get("percent").asInt()).isEqualTo(40);
    assertThat(orders.get("modernShare").asInt()).isZero();
    admin.rollout("orders", "{\"mode\":\"canary\",\"percent\":30,\"reason\":\"back to the file\"}");
  }

  static Stream<Arguments> invalidRollouts() {
    return Stream.of(
        Arguments.of(
            "{\"mode\":\"canary\",\"percent\":150,\"reason\":\"r\"}",
            "percent: 150 (expected: 0..100)"),
        Arguments.of(
            "{\"mode\":\"canary\",\"percent\":-1,\"reason\":\"r\"}",
            "percent: -1 (expected: 0..100)"),
        Arguments.of(
            "{\"mode\":\"canary\",\"percent\":12.345,\"reason\":\"r\"}",
            "percent: 12.345 (expected: at most 2 decimals)"),
        Arguments.of(
            "{\"mode\":\"canary\",\"percent\":\"12\",\"reason\":\"r\"}",
            "percent: 12 (expected: a number 0..100)"),
        Arguments.of(
            "{\"mode\":\"canary\",\"reason\":\"r\"}",
            "percent: <missing> (expected: a number 0..100 in canary mode)"),
        Arguments.of(
            "{\"mode\":\"sideways\",\"reason\":\"r\"}",
            "mode: sideways (expected: one of legacy, shadow, canary, modern)"),
        Arguments.of(
            "{\"mode\":7,\"reason\":\"r\"}",
            "mode: 7 (expected: one of legacy, shadow, canary, modern)"),
        Arguments.of(
            "{\"reason\":\"r\"}",
            "mode: <missing> (expected: one of legacy, shadow, canary, modern)"),
        Arguments.of(
            "{\"mode\":\"modern\"}", "reason: <missing> (expected: why, 1..500 characters)"),
        Arguments.of(
            "{\"mode\":\"modern\",\"reason\":\"  \"}",
            "reason: \"  \" (expected: why, 1..500 characters)"),
        Arguments.of(
            "{\"mode\":\"modern\",\"reason\":\"" + "x".repeat(501) + "\"}",
            "reason: <501 characters> (expected: at most 500 characters)"),
        Arguments.of(
            "{\"mode\":\"modern\",\"reason\":\"two\\nlines\"}",
            "reason: two?lines (expected: one line of text, no control characters)"),
        Arguments.of(
            "{\"mode\":\"modern\",\"reason\":\"r\",\"percnt\":5}",
            "percnt: 5 (expected: one of mode, percent, reason)"),
        Arguments.of(
            "{\"mode\":\"modern\",\"mode\":\"legacy\",\"reason\":\"r\"}", "body: not JSON"),
        Arguments.of("{\"mode\":\"modern\",\"reason\":\"r\"} {}", "body: not JSON"),
        Arguments.of("[\"modern\"]", "body: [\"modern\"] (expected: a JSON object)"),
        Arguments.of("mode=modern", "body: not JSON"),
        Arguments.of("", "body: <missing> (expected: a JSON object with mode, percent, reason)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRollouts")
  void putRollout_invalidBody_is400ProblemNamingFieldAndValue(String body, String reason) {
    String before = admin.json("/admin/routes/orders").get("rollout").toString();

    HttpResponse<String> response = admin.rollout("orders", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = AdminClient.parse(response.body());
    assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
    assertThat(problem.get("detail").asString()).contains(reason);
    assertThat(admin.json("/admin/routes/orders").get("rollout").toString()).isEqualTo(before);
  }

  @Test
  void putRollout_everyProblemIsListed() {
    HttpResponse<String> response =
        admin.rollout("orders", "{\"mode\":\"canary\",\"percent\":150,\"extra\":true}");

    JsonNode problem = AdminClient.parse(response.body());
    assertThat(problem.get("errors"))
        .extracting(JsonNode::asString)
        .containsExactly(
            "extra: true (expected: one of mode, percent, reason)",
            "percent: 150 (expected: 0..100)",
            "reason: <missing> (expected: why, 1..500 characters)");
  }

  @Test
  void putRollout_wrongMediaTypeOrHugeBody_isRefused() {
    HttpResponse<String> text =
        new GatewayClient(managementPort)
            .send(
                "PUT",
                "/admin/routes/orders/rollout",
                "{\"mode\":\"modern\",\"reason\":\"r\"}",
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "text/plain");
    HttpResponse<String> huge =
        admin.rollout("orders", "{\"mode\":\"modern\",\"reason\":\"" + "x".repeat(20_000) + "\"}");

    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(AdminClient.parse(text.body()).get("detail").asString())
        .isEqualTo("Content-Type: text/plain (expected: application/json)");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(admin.json("/admin/routes/orders").get("mode").asString()).isEqualTo("canary");
  }

  @Test
  void rollback_sendsEverythingToLegacyAtOnce_andIsAudited() {
    admin.rollout("users", "{\"mode\":\"modern\",\"reason\":\"start\"}");
    assertThat(client.get("/api/users/1").body()).isEqualTo("modern");

    HttpResponse<String> response =
        admin.send(
            "POST", "/admin/routes/users/rollback", "{\"reason\":\"modern returns wrong totals\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = AdminClient.parse(response.body());
    assertThat(view.get("mode").asString()).isEqualTo("legacy");
    assertThat(view.get("percent").asInt()).isZero();
    assertThat(client.get("/api/users/1").body()).isEqualTo("legacy");
    JsonNode entry = admin.json("/admin/audit?route=users&limit=1").get("entries").get(0);
    assertThat(entry.get("action").asString()).isEqualTo("rollback");
    assertThat(entry.get("to").toString()).isEqualTo("{\"mode\":\"legacy\",\"percent\":0}");
    assertThat(entry.get("reason").asString()).isEqualTo("modern returns wrong totals");
    assertThat(admin.send("POST", "/admin/routes/users/rollback", "{}").statusCode())
        .isEqualTo(400);
    admin.rollout("users", "{\"mode\":\"modern\",\"reason\":\"restore\"}");
  }

  @Test
  void planMoves_withoutPlan_are409_withPlansDisabled_are501() {
    for (String move : List.of("pause", "resume", "advance")) {
      HttpResponse<String> noPlan =
          admin.send("POST", "/admin/routes/reports/plan/" + move, "{\"reason\":\"r\"}");
      HttpResponse<String> withPlan =
          admin.send("POST", "/admin/routes/orders/plan/" + move, "{\"reason\":\"r\"}");

      assertThat(noPlan.statusCode()).isEqualTo(409);
      assertThat(AdminClient.parse(noPlan.body()).get("detail").asString())
          .isEqualTo("route reports has no plan");
      assertThat(withPlan.statusCode()).isEqualTo(501);
      assertThat(AdminClient.parse(withPlan.body()).get("detail").asString())
          .isEqualTo("rollout plans are disabled (strangler.plans.enabled=false)");
    }
    assertThat(admin.send("POST", "/admin/routes/orders/plan/pause", "{}").statusCode())
        .isEqualTo(400);
    assertThat(
            admin
                .send("POST", "/admin/routes/orders/plan/restart", "{\"reason\":\"r\"}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void diffs_ofARouteNeverMirrored_are404() {
    HttpResponse<String> get = admin.get("/admin/routes/users/diffs");
    HttpResponse<String> delete = admin.send("DELETE", "/admin/routes/users/diffs", "");

    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(AdminClient.parse(get.body()).get("detail").asString())
        .isEqualTo("route users has no diff report");
    assertThat(delete.statusCode()).isEqualTo(404);
  }

  @Test
  void audit_limitIsChecked() {
    assertThat(admin.json("/admin/audit").get("capacity").asInt()).isEqualTo(10_000);
    assertThat(admin.get("/admin/audit?limit=0").statusCode()).isEqualTo(400);
    assertThat(
            AdminClient.parse(admin.get("/admin/audit?limit=abc").body()).get("detail").asString())
        .isEqualTo("limit: abc (expected: 1..10000)");
  }

  @Test
  void wrongMethodOrUnknownCall_isAProblem() {
    HttpResponse<String> wrongMethod = admin.send("DELETE", "/admin/routes", "");
    HttpResponse<String> unknown = admin.get("/admin/nothing-here");

    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void rules_showSourceVersionAndTheErrorsOfARefusedReload() {
    JsonNode ok = admin.json("/admin/rules");
    assertThat(ok.get("source").asString()).isEqualTo(backends.rules().path().toString());
    assertThat(ok.get("status").asString()).isEqualTo("ok");
    assertThat(ok.get("routes").asInt()).isEqualTo(4);
    assertThat(ok.get("errors")).isEmpty();
    String version = ok.get("version").asString();

    try {
      backends.rules().write(RULES.replace("percent: 30", "percent: 150"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> admin.json("/admin/rules").get("status").asString().equals("refused"));

      JsonNode refused = admin.json("/admin/rules");
      assertThat(refused.get("version").asString()).isEqualTo(version);
      assertThat(refused.get("errors"))
          .extracting(JsonNode::asString)
          .containsExactly("routes[0].percent: 150 (expected: 0..100)");
      assertThat(admin.get("/admin/runbook").body())
          .contains("The last change of the rules file was refused")
          .contains("routes[0].percent: 150 (expected: 0..100)");
    } finally {
      backends.rules().write(RULES);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> admin.json("/admin/rules").get("status").asString().equals("ok"));
    }
  }

  @Test
  void runbook_givesEachRoutesPhaseNextStepsEtaAndExactRollbackCommand() {
    admin.rollout("reports", "{\"mode\":\"legacy\",\"reason\":\"runbook test\"}");
    HttpResponse<String> response = admin.get("/admin/runbook");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/markdown;charset=UTF-8");
    String markdown = response.body();
    for (String route : List.of("orders", "reports", "search", "users")) {
      assertThat(markdown)
          .contains("## Route `" + route + "`")
          .contains(
              "curl -X POST -H \"Authorization: Bearer $STRANGLER_ADMIN_TOKEN\" -H \"Content-Type:"
                  + " application/json\" -d '{\"reason\":\"describe why\"}' http://127.0.0.1:"
                  + managementPort
                  + "/admin/routes/"
                  + route
                  + "/rollback");
    }
    assertThat(markdown)
        .contains("| Phase | **shadowing** |")
        .contains("| ETA | no plan |")
        .contains(
            "| ETA | not available (rollout plans are disabled (strangler.plans.enabled=false)) |")
        .contains("\"mode\":\"shadow\"");
  }

  @Test
  void spelLikeInput_isKeptOrRefusedAsPlainText_andNothingRuns() {
    HttpResponse<String> badMode =
        admin.rollout("reports", "{\"mode\":\"${7*7}\",\"reason\":\"" + SPEL + "\"}");
    HttpResponse<String> stored =
        admin.rollout("reports", "{\"mode\":\"legacy\",\"reason\":\"" + SPEL + " ${7*7} #{7*7}\"}");
    HttpResponse<String> spelRoute = admin.get("/admin/routes/%23%7B7*7%7D");
    JsonNode actuatorLinks = admin.json("/actuator").get("_links");

    assertThat(badMode.statusCode()).isEqualTo(400);
    assertThat(AdminClient.parse(badMode.body()).get("detail").asString())
        .isEqualTo("mode: ${7*7} (expected: one of legacy, shadow, canary, modern)");
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(AdminClient.parse(stored.body()).get("rollout").get("reason").asString())
        .isEqualTo(SPEL + " ${7*7} #{7*7}");
    assertThat(
            admin
                .json("/admin/audit?route=reports&limit=1")
                .get("entries")
                .get(0)
                .get("reason")
                .asString())
        .isEqualTo(SPEL + " ${7*7} #{7*7}");
    assertThat(spelRoute.statusCode()).isEqualTo(404);
    assertThat(actuatorLinks.propertyNames())
        .as("Spring Cloud Gateway's route endpoint (CVE-2022-22947) is not exposed")
        .doesNotContain("gateway");
    assertThat(client.get("/api/search/1").body()).isEqualTo("legacy");
    assertThat(admin.get("/admin/runbook").body()).contains("#\\{T\\(java.lang.Runtime\\)");
    assertThat(PWNED).doesNotExist();
  }
}
