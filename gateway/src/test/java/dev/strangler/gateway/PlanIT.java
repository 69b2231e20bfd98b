package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Rollout plans walking forward, rolling back on a failed gate, and steered through the admin API.
 */
@GatewayIT(
    properties = {
      "strangler.plans.evaluate-interval=100ms",
      "strangler.admin.token=" + PlanIT.TOKEN
    })
class PlanIT {

  static final String TOKEN = "plan-test-admin-token-0001";

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: checkout
          paths: [/checkout/**]
          modern: ${modern}
          mode: canary
          sticky-by: [header:X-User-Id]
          plan: {steps: [10, 50, 100], step-duration: 1s, min-requests: 3, max-error-rate: 5, max-latency-ratio: 1000, warm-up: 0s}
        - id: search
          paths: [/search/**]
          modern: ${modern}
          mode: canary
          sticky-by: [header:X-User-Id]
          fallback: {circuit-breaker: {window: 1000, minimum-calls: 1000}}
          plan: {steps: [50, 100], step-duration: 1s, min-requests: 3, max-error-rate: 1, on-failure: rollback, warm-up: 0s}
        - id: billing
          paths: [/billing/**]
          modern: ${modern}
          mode: canary
          plan: {steps: [5, 25, 100], step-duration: 1h}
        - id: reports
          paths: [/reports/**]
          modern: ${modern}
          mode: canary
          sticky-by: [header:X-User-Id]
          plan: {steps: [50, 100], step-duration: 1h, min-requests: 5, max-error-rate: 5}
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired MeterRegistry registry;

  GatewayClient client;

  AdminClient admin;

  final AtomicInteger users = new AtomicInteger();

  @BeforeEach
  void setUp() {
    client = new GatewayClient(port);
    admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void healthyPlan_walksEveryStep_andCompletesOnModern() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              traffic("/checkout/items", 20);
              return "modern".equals(route("checkout").get("mode").asString());
            });

    JsonNode audit = admin.json("/admin/audit");
    assertThat(audit.toString())
        .contains("\"who\":\"plan\"")
        .contains("plan-step")
        .contains("error-rate");
    assertThat(client.get("/checkout/after", "X-User-Id", "anyone").body()).isEqualTo("modern");
  }

  @Test
  void failingGate_rollsTheRouteBack_withTheFiguresInTheAudit() {
    modern.stubFor(any(urlPathMatching("/search/.*")).willReturn(aResponse().withStatus(503)));
    assertThat(planMoves("search", "plan-rollback")).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              traffic("/search/q", 20);
              return "legacy".equals(route("search").get("mode").asString());
            });

    JsonNode route = route("search");
    assertThat(route.get("percent").asDouble()).isZero();
    assertThat(route.get("plan").get("status").asString()).isEqualTo("rolled-back");
    assertThat(admin.json("/admin/audit").toString())
        .contains("plan-rollback")
        .contains("\"error-rate\":100.0");
    assertThat(planMoves("search", "plan-rollback")).isEqualTo(1);
  }

  private double planMoves(String route, String action) {
    return registry
        .get("strangler.plan.moves")
        .tag("route", route)
        .tag("action", action)
        .counter()
        .count();
  }

  @Test
  void operator_advancesPausesAndResumesAPlan_andSeesItsEta() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> route("billing").get("plan").get("step").asInt() == 1);
    assertThat(route("billing").get("plan").get("eta").isNull()).isFalse();

    assertThat(
            admin
                .send(
                    "POST",
                    "/admin/routes/billing/plan/advance",
                    "{\"reason\":\"dashboards look fine\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(route("billing").get("percent").asDouble()).isEqualTo(25.0);
    assertThat(route("billing").get("plan").get("step").asInt()).isEqualTo(2);

    assertThat(
            admin
                .send("POST", "/admin/routes/billing/plan/pause", "{\"reason\":\"holiday freeze\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(route("billing").get("plan").get("status").asString()).isEqualTo("paused");
    assertThat(
            admin
                .send("POST", "/admin/routes/billing/plan/pause", "{\"reason\":\"again\"}")
                .statusCode())
        .isEqualTo(409);

    assertThat(
            admin
                .send("POST", "/admin/routes/billing/plan/resume", "{\"reason\":\"freeze over\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(route("billing").get("plan").get("status").asString()).isEqualTo("running");
    assertThat(planMoves("billing", "plan-advance")).isEqualTo(1);
    assertThat(planMoves("billing", "plan-pause")).isEqualTo(1);
    assertThat(planMoves("billing", "plan-resume")).isEqualTo(1);
    assertThat(planMoves("billing", "plan-rollback")).isZero();
    assertThat(admin.get("/admin/runbook").body())
        .contains("billing")
        .contains("/admin/routes/billing/rollback");
  }

  @Test
  void simulate_answersTheDecisionGateByGate_andMovesNothing() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> route("reports").get("plan").get("step").asInt() == 1);
    traffic("/reports/daily", 40);
    int entries = admin.json("/admin/audit?route=reports").get("entries").size();

    HttpResponse<String> response = admin.send("POST", "/admin/routes/reports/plan/simulate", "");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode simulation = AdminClient.parse(response.body());
    assertThat(simulation.get("decision").asString()).isEqualTo("held");
    assertThat(simulation.get("reason").asString()).contains("is not judged yet");
    assertThat(simulation.get("step").asInt()).isEqualTo(1);
    assertThat(simulation.get("gates")).hasSize(3);
    JsonNode errors = simulation.get("gates").get(0);
    assertThat(errors.get("gate").asString()).isEqualTo("error-rate");
    assertThat(errors.get("test").asString()).as(response.body()).isEqualTo("two-proportion-z");
    assertThat(errors.get("modernSamples").asLong()).isPositive();
    assertThat(simulation.get("figures").get("modern-requests").asDouble()).isPositive();
    assertThat(simulation.get("inconclusiveAt").asString()).isNotBlank();
    assertThat(route("reports").get("percent").asDouble()).isEqualTo(50.0);
    assertThat(route("reports").get("plan").get("status").asString()).isEqualTo("running");
    assertThat(admin.json("/admin/audit?route=reports").get("entries"))
        .as("nothing audited")
        .hasSize(entries);
    assertThat(admin.send("POST", "/admin/routes/nope/plan/simulate", "").statusCode())
        .isEqualTo(404);
  }

  private JsonNode route(String id) {
    return admin.json("/admin/routes/" + id);
  }

  private void traffic(String path, int requests) {
    for (int i = 0; i < requests; i++) {
      client.get(path, "X-User-Id", "user-" + users.incrementAndGet());
    }
  }
}
