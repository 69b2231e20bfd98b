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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /admin/progress}, {@code GET /admin/routes/{id}/history} and the runbook's progress
 * section through the running gateway, with a history of 1 s slots.
 */
@GatewayIT(
    properties = {
      "strangler.admin.token=" + ProgressIT.TOKEN,
      "strangler.plans.enabled=false",
      "strangler.history.resolution=1s",
      "strangler.history.window=2m"
    })
class ProgressIT {

  static final String TOKEN = "progress-token-for-tests-0001";

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/api/orders/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [header:X-User-Id]
        - id: payments
          paths: [/api/payments/**]
          modern: ${modern}
          mode: modern
        - id: reports
          paths: [/api/reports/**]
          modern: ${modern}
          mode: shadow
        - id: search
          paths: [/api/search/**]
          modern: ${modern}
          mode: legacy
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  GatewayClient client;

  AdminClient admin;

  @BeforeEach
  void setUp() {
    client = new GatewayClient(port);
    admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern").withFixedDelay(5)));
    modern.stubFor(
        any(urlPathMatching("/api/payments/.*")).willReturn(aResponse().withStatus(503)));
  }

  @Test
  void progress_catchAllPathShapes_foldedAndMostRequestedFirst() {
    for (int i = 0; i < 6; i++) {
      client.get("/legacy-only/users/" + (1000 + i) + "/profile");
    }
    client.get("/legacy-only/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/profile");
    for (int i = 0; i < 3; i++) {
      client.get("/legacy-only/blobs/5f3a9c21e4b0aa17c2d4e6f" + i);
    }
    client.get("/legacy-only/about");

    JsonNode catchAll = admin.json("/admin/progress").get("catchAll");

    assertThat(catchAll.get("shapesBound").asInt()).isEqualTo(1000);
    List<String> templates = new ArrayList<>();
    catchAll.get("shapes").forEach(shape -> templates.add(shape.get("template").asString()));
    assertThat(templates)
        .containsSubsequence(
            "/legacy-only/users/{id}/profile", "/legacy-only/blobs/{id}", "/legacy-only/about");
    JsonNode first = shape(catchAll, "/legacy-only/users/{id}/profile");
    assertThat(first.get("requests").asLong()).isEqualTo(7);
    assertThat(first.get("overcount").asLong()).isZero();
    assertThat(first.get("lastSeen").asString()).isNotBlank();
  }

  @Test
  void progress_sharesPerRouteAndOverall_sinceStartAndOverTheWindow() {
    int onModern = 0;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response =
          client.get("/api/orders/" + i, "X-User-Id", "share-user-" + i);
      onModern +=
          "modern".equals(response.headers().firstValue("X-Strangler-Target").orElse("")) ? 1 : 0;
    }
    int modernAnswers = onModern;

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode progress = admin.json("/admin/progress");
              JsonNode orders = route(progress, "orders");
              assertThat(orders.get("phase").asString()).isEqualTo("canary");
              assertThat(orders.at("/share/sinceStart/requests").asLong())
                  .isGreaterThanOrEqualTo(40);
              assertThat(orders.at("/share/lastHour/requests").asLong()).isGreaterThanOrEqualTo(40);
              assertThat(orders.at("/share/lastHour/modern").asLong())
                  .isGreaterThanOrEqualTo(modernAnswers);
              assertThat(progress.at("/overall/lastHour/modernShare").isNumber()).isTrue();
              assertThat(progress.at("/overall/sinceStart/requests").asLong())
                  .isGreaterThanOrEqualTo(40);
            });
    assertThat(modernAnswers).isBetween(5, 35);
    JsonNode progress = admin.json("/admin/progress");
    assertThat(progress.get("lastHourCovers").asString()).isEqualTo("PT2M");
    assertThat(progress.get("phases").toString())
        .isEqualTo("{\"legacy\":1,\"shadowing\":1,\"canary\":1,\"modern\":1}");
    List<String> phases = new ArrayList<>();
    progress.get("routes").forEach(route -> phases.add(route.get("phase").asString()));
    assertThat(phases).containsExactly("legacy", "shadowing", "canary", "modern");
  }

  @Test
  void history_pointsOfOneSecond_withEachSidesFigures() {
    for (int i = 0; i < 20; i++) {
      client.get("/api/orders/h" + i, "X-User-Id", "history-user-" + i);
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode history = admin.json("/admin/routes/orders/history");
              assertThat(history.get("resolutionSeconds").asInt()).isEqualTo(1);
              long requests = 0;
              for (JsonNode point : history.get("points")) {
                requests +=
                    point.at("/legacy/requests").asLong() + point.at("/modern/requests").asLong();
              }
              assertThat(requests).isGreaterThanOrEqualTo(20);
            });
    JsonNode point = withRequests(admin.json("/admin/routes/orders/history"));
    assertThat(point.get("at").asString()).endsWith("Z");
    assertThat(point.get("modernShare").isNumber()).isTrue();
    assertThat(point.at("/fallbacksByReason").toString())
        .isEqualTo("{\"status\":0,\"timeout\":0,\"connect\":0,\"circuit_open\":0}");
  }

  @Test
  void history_rolloutChange_listedAsAnEventToMark() {
    HttpResponse<String> changed =
        admin.rollout("search", "{\"mode\":\"shadow\",\"reason\":\"start comparing\"}");
    assertThat(changed.statusCode()).isEqualTo(200);

    JsonNode events = admin.json("/admin/routes/search/history").get("events");

    assertThat(events).isNotEmpty();
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("action").asString()).isEqualTo("rollout");
    assertThat(last.at("/to/mode").asString()).isEqualTo("shadow");
    assertThat(last.get("reason").asString()).isEqualTo("start comparing");
    admin.rollout("search", "{\"mode\":\"legacy\",\"reason\":\"back\"}");
  }

  @Test
  void fallbacks_countedAndTimedForModern_legacyColumnOnlyLegacysOwnAnswers() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = client.get("/api/payments/" + i);
      assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("status");
    }

    JsonNode traffic = admin.json("/admin/routes/payments").get("traffic");

    assertThat(traffic.at("/legacy/requests").asLong()).isZero();
    assertThat(traffic.at("/legacy/p99Ms").isNull()).isTrue();
    assertThat(traffic.at("/modern/requests").asLong()).isEqualTo(5);
    assertThat(traffic.at("/modern/errors").asLong()).isEqualTo(5);
    assertThat(traffic.at("/modern/p99Ms").isNumber()).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              long fallbacks = 0;
              for (JsonNode point : admin.json("/admin/routes/payments/history").get("points")) {
                fallbacks += point.at("/fallbacksByReason/status").asLong();
                assertThat(point.at("/legacy/requests").asLong()).isZero();
              }
              assertThat(fallbacks).isEqualTo(5);
            });
  }

  @Test
  void history_ofTheCatchAll_andOfAnUnknownRoute() {
    assertThat(admin.get("/admin/routes/catch-all/history").statusCode()).isEqualTo(200);

    HttpResponse<String> unknown = admin.get("/admin/routes/nope/history");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("unknown-route");
  }

  @Test
  void progress_shapesLimit_checked() {
    assertThat(admin.json("/admin/progress?shapes=0").at("/catchAll/shapes")).isEmpty();

    HttpResponse<String> tooMany = admin.get("/admin/progress?shapes=100001");

    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(tooMany.body()).contains("shapes: 100001 (expected: 0..100000)");
    assertThat(admin.json("/admin/progress?shapes=5000").get("catchAll").get("shapesBound").asInt())
        .isEqualTo(1000);
  }

  @Test
  void progress_needsTheToken() {
    HttpResponse<String> response = new GatewayClient(managementPort).get("/admin/progress");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void runbook_hasTheProgressSection_withTheCatchAllToDoList() {
    client.get("/runbook-check/items/77");

    String runbook = admin.get("/admin/runbook").body();

    assertThat(runbook)
        .contains("## Migration progress")
        .contains("| `orders` | canary 50% |")
        .contains("### Still reaching the catch-all")
        .contains("| `/runbook-check/items/{id}` | 1 |");
  }

  private static JsonNode shape(JsonNode catchAll, String template) {
    for (JsonNode shape : catchAll.get("shapes")) {
      if (template.equals(shape.get("template").asString())) {
        return shape;
      }
    }
    throw new AssertionError("no shape " + template + " in " + catchAll);
  }

  private static JsonNode route(JsonNode progress, String id) {
    for (JsonNode route : progress.get("routes")) {
      if (id.equals(route.get("id").asString())) {
        return route;
      }
    }
    throw new AssertionError("no route " + id + " in " + progress);
  }

  private static JsonNode withRequests(JsonNode history) {
    for (JsonNode point : history.get("points")) {
      if (point.at("/legacy/requests").asLong() + point.at("/modern/requests").asLong() > 0) {
        return point;
      }
    }
    throw new AssertionError("no point with requests in " + history);
  }
}
