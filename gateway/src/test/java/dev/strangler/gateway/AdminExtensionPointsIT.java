package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.plan.PlanProgress;
import dev.strangler.gateway.plan.PlanSimulation;
import dev.strangler.gateway.plan.PlanSteering;
import dev.strangler.gateway.shadow.DiffsSource;
import dev.strangler.gateway.shadow.ShadowFigures;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayIT;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The admin API with a plan runner and shadow reports plugged in, as beans of the main context:
 * what the plan and shadow wiring will provide through {@link PlanSteering} and {@link
 * DiffsSource}.
 */
@GatewayIT(properties = {"strangler.admin.token=" + AdminExtensionPointsIT.TOKEN})
class AdminExtensionPointsIT {

  static final String TOKEN = "extension-points-token-01";

  static final Instant ETA = Instant.parse("2030-01-01T12:00:00Z");

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/api/orders/**]
          modern: ${modern}
          mode: canary
          percent: 5
          plan:
            steps: [1, 5, 25]
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @TestConfiguration
  static class Fakes {

    @Bean
    @Primary
    FakePlans fakePlans() {
      return new FakePlans();
    }

    @Bean
    @Primary
    FakeDiffs fakeDiffs() {
      return new FakeDiffs();
    }
  }

  @LocalManagementPort int managementPort;

  @Autowired FakePlans plans;

  @Autowired FakeDiffs diffs;

  AdminClient admin;

  @BeforeEach
  void setUp() {
    admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    plans.moves.clear();
    plans.status.put("orders", new PlanProgress(2, new BigDecimal("5"), "running", ETA, null));
    diffs.report.set(true);
  }

  @Test
  void route_showsThePlansStepAndEta_andTheShadowFigures() {
    JsonNode orders = admin.json("/admin/routes/orders");

    assertThat(orders.get("plan").toString())
        .isEqualTo(
            "{\"steps\":[1,5,25],\"step\":2,\"percent\":5,\"status\":\"running\",\"eta\":\"2030-01-01T12:00:00Z\",\"waitingForWindow\":null}");
    assertThat(orders.get("shadow").toString())
        .isEqualTo("{\"compared\":10,\"differing\":1,\"diffRate\":0.1}");
    assertThat(admin.get("/admin/runbook").body())
        .contains("| ETA | 2030-01-01T12:00:00Z |")
        .contains("step 2 of 3 (5%), running")
        .contains("1 of 10 compared pairs differ (10.00%)");
  }

  @Test
  void planMoves_goToThePlanRunner_withTheTokensNameAndReason() {
    HttpResponse<String> pause =
        admin.send("POST", "/admin/routes/orders/plan/pause", "{\"reason\":\"hold on\"}");
    HttpResponse<String> advance =
        admin.send("POST", "/admin/routes/orders/plan/advance", "{\"reason\":\"go\"}");

    assertThat(pause.statusCode()).isEqualTo(200);
    assertThat(AdminClient.parse(pause.body()).get("status").asString()).isEqualTo("paused");
    assertThat(advance.statusCode()).isEqualTo(409);
    assertThat(AdminClient.parse(advance.body()).get("detail").asString())
        .isEqualTo("plan of orders is paused");
    assertThat(plans.moves)
        .containsExactly("pause orders by admin: hold on", "advance orders by admin: go");
  }

  @Test
  void unknownPlanMove_is404_andMovesNothing() {
    HttpResponse<String> skip =
        admin.send("POST", "/admin/routes/orders/plan/skip", "{\"reason\":\"jump\"}");
    HttpResponse<String> upperCase =
        admin.send("POST", "/admin/routes/orders/plan/ADVANCE", "{\"reason\":\"jump\"}");

    assertThat(skip.statusCode()).isEqualTo(404);
    assertThat(AdminClient.parse(skip.body()).get("type").asString())
        .endsWith("/no-such-admin-call");
    assertThat(upperCase.statusCode()).isEqualTo(404);
    assertThat(plans.moves).isEmpty();
  }

  @Test
  void rollback_pausesTheRunningPlan() {
    HttpResponse<String> response =
        admin.send("POST", "/admin/routes/orders/rollback", "{\"reason\":\"5xx\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(AdminClient.parse(response.body()).get("mode").asString()).isEqualTo("legacy");
    assertThat(plans.moves).containsExactly("pause orders by admin: 5xx");
    admin.rollout("orders", "{\"mode\":\"canary\",\"percent\":5,\"reason\":\"restore\"}");
  }

  @Test
  void diffs_areServedAndReset_andTheResetIsAudited() {
    JsonNode report = admin.json("/admin/routes/orders/diffs");
    HttpResponse<String> reset =
        admin.send("DELETE", "/admin/routes/orders/diffs?reason=fixed%20in%20v2", "");
    HttpResponse<String> again = admin.send("DELETE", "/admin/routes/orders/diffs", "");

    assertThat(report.get("route").asString()).isEqualTo("orders");
    assertThat(report.get("fields").get(0).get("path").asString()).isEqualTo("$.total");
    assertThat(reset.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(admin.get("/admin/routes/orders/diffs").statusCode()).isEqualTo(404);
    JsonNode entry = admin.json("/admin/audit?limit=1").get("entries").get(0);
    assertThat(entry.get("action").asString()).isEqualTo("diffs-reset");
    assertThat(entry.get("who").asString()).isEqualTo("admin");
    assertThat(entry.get("reason").asString()).isEqualTo("fixed in v2");
  }

  /** A plan runner that records the moves asked of it. */
  static final class FakePlans implements PlanSteering {

    final Map<String, PlanProgress> status = new ConcurrentHashMap<>();

    final List<String> moves = new CopyOnWriteArrayList<>();

    @Override
    public Optional<PlanProgress> status(String routeId) {
      return Optional.ofNullable(status.get(routeId));
    }

    @Override
    public PlanProgress pause(String routeId, String who, String reason) {
      moves.add("pause " + routeId + " by " + who + ": " + reason);
      PlanProgress current = status.get(routeId);
      PlanProgress paused =
          new PlanProgress(current.step(), current.percent(), "paused", null, null);
      status.put(routeId, paused);
      return paused;
    }

    @Override
    public PlanProgress resume(String routeId, String who, String reason) {
      moves.add("resume " + routeId + " by " + who + ": " + reason);
      return status.get(routeId);
    }

    @Override
    public PlanProgress advance(String routeId, String who, String reason) {
      moves.add("advance " + routeId + " by " + who + ": " + reason);
      throw new IllegalStateException("plan of " + routeId + " is " + status.get(routeId).status());
    }

    @Override
    public PlanSimulation simulate(String routeId) {
      moves.add("simulate " + routeId);
      throw new IllegalStateException("the plan of route " + routeId + " has not started yet");
    }
  }

  /** One route's diff report, until it is reset. */
  static final class FakeDiffs implements DiffsSource {

    final AtomicBoolean report = new AtomicBoolean(true);

    @Override
    public Optional<ShadowFigures> figures(String routeId) {
      return report.get() ? Optional.of(new ShadowFigures(10, 1, 0.1)) : Optional.empty();
    }

    @Override
    public Optional<Object> report(String routeId) {
      return report.get()
          ? Optional.of(
              Map.of(
                  "route",
                  routeId,
                  "compared",
                  10,
                  "differing",
                  1,
                  "fields",
                  List.of(
                      Map.of(
                          "path", "$.total", "kind", "type", "severity", "breaking", "count", 1))))
          : Optional.empty();
    }

    @Override
    public boolean reset(String routeId) {
      return report.getAndSet(false);
    }
  }
}
