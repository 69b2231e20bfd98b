package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.gateway.metrics.ShadowMetrics;
import dev.strangler.gateway.shadow.ShadowMirror;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.Ports;
import dev.strangler.shadow.DiffReportView;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.FieldView;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@GatewayIT(
    properties = {
      "strangler.shadow.max-concurrent=4",
      "strangler.shadow.max-concurrent-per-route=3",
      "strangler.replay.max-body-bytes=64KB",
      "strangler.admin.token=" + ShadowIT.TOKEN
    })
class ShadowIT {

  static final String TOKEN = "shadow-test-admin-token-01";

  static final int CLOSED_PORT = Ports.closed();

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/orders/**]
          modern: ${modern}
          mode: shadow
          shadow:
            secondary: ${secondary}
            compare:
              ignore-headers: [Matched-Stub-Id, Matched-Stub-Name]
            redact-fields: ["$.customer.email"]
        - id: noisy
          paths: [/noisy/**]
          modern: ${modern}
          mode: shadow
          shadow:
            secondary: ${secondary}
            compare:
              ignore-headers: [Date, Matched-Stub-Id, Matched-Stub-Name]
        - id: slow
          paths: [/slow/**]
          modern: ${modern}
          mode: shadow
          shadow: {timeout: 10s}
        - id: dead
          paths: [/dead/**]
          modern: http://127.0.0.1:%1$d
          mode: shadow
        - id: paused
          paths: [/paused/**]
          modern: http://127.0.0.1:%1$d
          mode: shadow
        - id: uploads
          paths: [/uploads/**]
          modern: ${modern}
          mode: shadow
          shadow: {methods: [POST]}
        - id: reverse
          paths: [/reverse/**]
          modern: ${modern}
          mode: modern
          shadow:
            percent: 100
            compare:
              ignore-headers: [Matched-Stub-Id, Matched-Stub-Name]
      """
          .formatted(CLOSED_PORT);

  static final String LEGACY_ORDER =
      "{\"id\":7,\"total\":42.5,\"customer\":{\"email\":\"ada@example.com\"},\"nonce\":\"%s\"}";

  static final String MODERN_ORDER =
      "{\"id\":7,\"total\":\"42.50\",\"customer\":{\"email\":\"bob@example.com\"},\"nonce\":\"%s\",\"currency\":\"EUR\"}";

  static final String RANDOM = "{{randomValue length=12 type='ALPHANUMERIC'}}";

  @RegisterExtension
  static final GatewayBackends backends = GatewayBackends.withRules(RULES).and("secondary");

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  static final WireMockExtension secondary = backends.backend("secondary");

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired DiffReports reports;

  @Autowired ShadowMetrics shadowMetrics;

  @Autowired ShadowMirror mirror;

  @Autowired MeterRegistry meters;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    // mirrors of the previous test (the slow side's take seconds) must not take this test's slots
    await().atMost(Duration.ofSeconds(20)).until(() -> mirror.inFlight() == 0);
    client = new GatewayClient(port);
    reports.routeIds().forEach(id -> reports.find(id).ifPresent(report -> report.reset()));
    legacy.stubFor(any(anyUrl()).willReturn(json(LEGACY_ORDER.formatted(RANDOM))));
    secondary.stubFor(any(anyUrl()).willReturn(json(LEGACY_ORDER.formatted(RANDOM))));
    modern.stubFor(any(anyUrl()).willReturn(json(MODERN_ORDER.formatted(RANDOM))));
  }

  @Test
  void shadowMode_clientGetsLegacysBytes_modernGetsAMarkedCopy() {
    legacy.stubFor(
        get(urlEqualTo("/orders/1?full=true")).willReturn(json("{\"from\":\"legacy\"}")));

    HttpResponse<String> response = client.get("/orders/1?full=true", "X-Request-Id", "shadow-1");

    assertThat(response.body()).isEqualTo("{\"from\":\"legacy\"}");
    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("legacy");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                modern.verify(
                    getRequestedFor(urlEqualTo("/orders/1?full=true"))
                        .withHeader("X-Strangler-Shadow", equalTo("true"))
                        .withHeader("X-Request-Id", equalTo("shadow-1"))));
    legacy.verify(
        getRequestedFor(urlEqualTo("/orders/1?full=true")).withoutHeader("X-Strangler-Shadow"));
    // the copy goes to modern's host, with the client's user agent in place of Reactor Netty's
    LoggedRequest copy = modern.findAll(getRequestedFor(urlEqualTo("/orders/1?full=true"))).get(0);
    assertThat(copy.getHeaders().getHeader("Host").values())
        .containsExactly("localhost:" + modern.getPort());
    assertThat(copy.getHeaders().getHeader("User-Agent").values())
        .singleElement()
        .asString()
        .startsWith("Java-http-client");
  }

  @Test
  void shadowMode_postIsNotMirrored() {
    HttpResponse<String> response = client.send("POST", "/orders", "{\"item\":1}");

    assertThat(response.statusCode()).isEqualTo(200);
    client.get("/orders/after-post");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> modern.verify(getRequestedFor(urlEqualTo("/orders/after-post"))));
    modern.verify(0, anyRequestedFor(urlEqualTo("/orders")));
  }

  @Test
  void typeChange_isBreaking_addedFieldAdditive_randomFieldIsNoise_valuesRedacted() {
    int requests = 30;
    long compared = getAndAwaitMirrors("orders", requests);
    assertThat(compared).isGreaterThanOrEqualTo(requests / 2);

    DiffReportView view = reports.find("orders").orElseThrow().view();
    assertThat(view.compared()).isEqualTo(compared);
    assertThat(view.differing()).isEqualTo(compared);
    assertThat(field(view, "$.total"))
        .satisfies(
            total -> {
              assertThat(total.kind()).isEqualTo("type");
              assertThat(total.severity()).isEqualTo("breaking");
              assertThat(total.noise()).isFalse();
              assertThat(total.count()).isEqualTo(compared);
              assertThat(total.samples())
                  .isNotEmpty()
                  .allSatisfy(
                      sample -> {
                        assertThat(sample.legacy()).isEqualTo("42.5");
                        assertThat(sample.modern()).isEqualTo("\"42.50\"");
                      });
            });
    assertThat(field(view, "$.currency").severity()).isEqualTo("additive");
    assertThat(field(view, "$.nonce").noise()).as("differs between the two legacies too").isTrue();
    assertThat(field(view, "$.customer.email").samples())
        .isNotEmpty()
        .allSatisfy(
            sample -> {
              assertThat(sample.legacy()).doesNotContain("ada@example.com");
              assertThat(sample.modern()).doesNotContain("bob@example.com");
            });
  }

  @Test
  void differencesOnlyInNoise_areNotCountedInTheDifferencesMetric() {
    legacy.stubFor(
        any(urlPathMatching("/noisy/.*"))
            .willReturn(json("{\"id\":1,\"nonce\":\"" + RANDOM + "\"}")));
    secondary.stubFor(
        any(urlPathMatching("/noisy/.*"))
            .willReturn(json("{\"id\":1,\"nonce\":\"" + RANDOM + "\"}")));
    modern.stubFor(
        any(urlPathMatching("/noisy/.*"))
            .willReturn(json("{\"id\":1,\"nonce\":\"" + RANDOM + "\"}")));
    getAndAwaitMirrors("noisy", 10);

    DiffReportView view = reports.find("noisy").orElseThrow().view();
    assertThat(view.compared()).isPositive();
    assertThat(view.noise()).isEqualTo(view.compared());
    assertThat(field(view, "$.nonce").count()).isEqualTo(view.compared());
    assertThat(meters.find("strangler.shadow.differences").tag("route", "noisy").counters())
        .as("the nonce differs between the two legacies too: noise, not a difference")
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void headerDifferences_areReportedByLowerCaseName_transportAndStranglerHeadersAreNot() {
    String body = "{\"id\":1}";
    legacy.stubFor(
        any(urlPathMatching("/noisy/.*"))
            .willReturn(
                json(body)
                    .withHeader("X-Api-Version", "1")
                    .withHeader("Cache-Control", "no-store")));
    secondary.stubFor(
        any(urlPathMatching("/noisy/.*"))
            .willReturn(
                json(body)
                    .withHeader("X-Api-Version", "1")
                    .withHeader("Cache-Control", "no-store")));
    modern.stubFor(
        any(urlPathMatching("/noisy/.*"))
            .willReturn(
                json(body)
                    .withHeader("x-api-version", "2")
                    .withHeader("X-Modern-Only", "yes")
                    .withHeader("Cache-Control", "no-store")));
    long compared = getAndAwaitMirrors("noisy", 10);

    DiffReportView view = reports.find("noisy").orElseThrow().view();
    assertThat(compared).isPositive();
    assertThat(view.differing()).isEqualTo(compared);
    assertThat(field(view, "header:x-api-version").count()).isEqualTo(compared);
    assertThat(field(view, "header:x-api-version").noise()).isFalse();
    assertThat(field(view, "header:x-modern-only").count()).isEqualTo(compared);
    assertThat(view.fields())
        .extracting(FieldView::path)
        .as(
            "headers alike on both sides, transport headers and Strangler's own are not"
                + " differences")
        .noneMatch(
            path ->
                path.equals("header:cache-control")
                    || path.equals("header:content-length")
                    || path.equals("header:transfer-encoding")
                    || path.startsWith("header:x-strangler-"));
  }

  @Test
  void adminApi_servesTheDiffReport_andResetsIt() {
    client.get("/orders/admin-1");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> reports.find("orders").map(report -> report.compared()).orElse(0L) == 1);
    AdminClient admin = new AdminClient(managementPort, TOKEN);

    JsonNode report = admin.json("/admin/routes/orders/diffs");
    assertThat(report.get("route").asString()).isEqualTo("orders");
    assertThat(report.get("compared").asLong()).isEqualTo(1);
    assertThat(report.get("fields").toString())
        .contains("\"path\":\"$.total\"")
        .contains("\"severity\":\"breaking\"")
        .doesNotContain("ada@example.com");
    assertThat(admin.json("/admin/routes/orders").get("shadow").get("compared").asLong())
        .isEqualTo(1);

    assertThat(admin.send("DELETE", "/admin/routes/orders/diffs", "").statusCode()).isLessThan(300);
    assertThat(admin.json("/admin/routes/orders/diffs").get("compared").asLong()).isZero();
  }

  @Test
  void modernMode_withShadowPercent_mirrorsToLegacy_andComparesLegacyAgainstModern() {
    HttpResponse<String> response = client.get("/reverse/1");

    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("modern");
    assertThat(response.body()).contains("42.50");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> reports.find("reverse").map(report -> report.compared()).orElse(0L) == 1);
    legacy.verify(
        getRequestedFor(urlEqualTo("/reverse/1"))
            .withHeader("X-Strangler-Shadow", equalTo("true")));
    assertThat(field(reports.find("reverse").orElseThrow().view(), "$.currency").kind())
        .as("a field only modern has is extra, whichever side answered")
        .isEqualTo("extra");
  }

  @Test
  void slowShadowSide_neverDelaysTheClient_andMirrorsAboveTheBoundAreDropped() throws Exception {
    modern.stubFor(any(urlPathMatching("/slow/.*")).willReturn(json("{}").withFixedDelay(3000)));
    long droppedBefore = shadowMetrics.count("slow", ShadowMetrics.Result.DROPPED);
    long start = System.nanoTime();
    getConcurrently("/slow/", 20);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("all answered while the first shadows were still waiting for the slow side")
        .isLessThan(Duration.ofMillis(2500));
    assertThat(shadowMetrics.count("slow", ShadowMetrics.Result.DROPPED) - droppedBefore)
        .isGreaterThanOrEqualTo(16);
  }

  @Test
  void slowShadowSide_holdsOnlyItsShareOfTheSlots_otherRoutesKeepMirroring() throws Exception {
    modern.stubFor(any(urlPathMatching("/slow/.*")).willReturn(json("{}").withFixedDelay(3000)));
    long ordersDroppedBefore = shadowMetrics.count("orders", ShadowMetrics.Result.DROPPED);
    getConcurrently("/slow/share-", 8);
    assertThat(mirror.inFlight())
        .as("the slow side's copies wait 3 s, holding 3 of the 4 slots")
        .isEqualTo(3);

    assertThat(client.get("/orders/while-slow").statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(2)).until(() -> compared("orders") == 1);
    assertThat(shadowMetrics.count("orders", ShadowMetrics.Result.DROPPED))
        .isEqualTo(ordersDroppedBefore);
  }

  @Test
  void bodyTooLargeToHold_isServedUnmirrored_countedSkipped_andGivesItsSlotBack() {
    long skippedBefore = shadowMetrics.count("uploads", ShadowMetrics.Result.SKIPPED);
    long comparedBefore = shadowMetrics.count("uploads", ShadowMetrics.Result.COMPARED);

    assertThat(
            client
                .send("POST", "/uploads/large", "x".repeat(100_000), "Content-Type", "text/plain")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            client
                .send("POST", "/uploads/small", "{}", "Content-Type", "application/json")
                .statusCode())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                shadowMetrics.count("uploads", ShadowMetrics.Result.COMPARED) - comparedBefore == 1
                    && mirror.inFlight() == 0);
    assertThat(shadowMetrics.count("uploads", ShadowMetrics.Result.SKIPPED) - skippedBefore)
        .isEqualTo(1);
    modern.verify(0, postRequestedFor(urlEqualTo("/uploads/large")));
    modern.verify(
        1,
        postRequestedFor(urlEqualTo("/uploads/small"))
            .withHeader("Content-Length", equalTo("2"))
            .withoutHeader("Transfer-Encoding")
            .withRequestBody(equalTo("{}")));
    legacy.verify(1, postRequestedFor(urlEqualTo("/uploads/large")));
  }

  @Test
  void chunkedBodyWithinTheLimit_isMirroredWithTheSameBody() {
    long comparedBefore = shadowMetrics.count("uploads", ShadowMetrics.Result.COMPARED);

    assertThat(
            client
                .sendChunked(
                    "POST", "/uploads/chunked", "{\"part\":1}", "Content-Type", "application/json")
                .statusCode())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                shadowMetrics.count("uploads", ShadowMetrics.Result.COMPARED) - comparedBefore
                    == 1);
    legacy.verify(
        1,
        postRequestedFor(urlEqualTo("/uploads/chunked")).withRequestBody(equalTo("{\"part\":1}")));
    modern.verify(
        1,
        postRequestedFor(urlEqualTo("/uploads/chunked")).withRequestBody(equalTo("{\"part\":1}")));
  }

  @Test
  void deadShadowSide_isCountedAsFailed_andTheClientIsServed() {
    long failedBefore = shadowMetrics.count("dead", ShadowMetrics.Result.FAILED);

    for (int i = 0; i < 3; i++) {
      assertThat(client.get("/dead/" + i).statusCode()).isEqualTo(200);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> shadowMetrics.count("dead", ShadowMetrics.Result.FAILED) - failedBefore == 3);
  }

  @Test
  void deadShadowSide_pausesItsCopies_onceItsBreakerOpens() {
    for (int i = 0; i < 30; i++) {
      assertThat(client.get("/paused/" + i).statusCode()).isEqualTo(200);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                shadowMetrics.count("paused", ShadowMetrics.Result.FAILED)
                        + shadowMetrics.count("paused", ShadowMetrics.Result.DROPPED)
                    == 30);
    // the breaker opens after 10 calls at the earliest; copies already under way may add a few
    assertThat(shadowMetrics.count("paused", ShadowMetrics.Result.FAILED)).isBetween(10L, 20L);
    assertThat(shadowMetrics.count("paused", ShadowMetrics.Result.DROPPED))
        .isGreaterThanOrEqualTo(10L);
  }

  @Test
  void prometheus_showsShadowRequestsAndDifferences() {
    client.get("/orders/metrics");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> shadowMetrics.count("orders", ShadowMetrics.Result.COMPARED) > 0);

    String scrape = new GatewayClient(managementPort).get("/actuator/prometheus").body();

    assertThat(scrape)
        .containsPattern(
            "strangler_shadow_requests_total\\{[^}]*result=\"compared\",route=\"orders\"} [1-9]");
    assertThat(scrape)
        .containsPattern(
            "strangler_shadow_differences_total\\{[^}]*route=\"orders\",severity=\"breaking\"}"
                + " [1-9]");
  }

  /**
   * Sends GETs one after the other to {@code /route/0..n-1} and waits until each mirror was
   * compared or dropped (on a busy machine a few may find every slot taken).
   *
   * @return how many were compared
   */
  private long getAndAwaitMirrors(String route, int requests) {
    long droppedBefore = shadowMetrics.count(route, ShadowMetrics.Result.DROPPED);
    for (int i = 0; i < requests; i++) {
      client.get("/" + route + "/" + i);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                compared(route)
                        + shadowMetrics.count(route, ShadowMetrics.Result.DROPPED)
                        - droppedBefore
                    == requests);
    return compared(route);
  }

  /** Sends GETs to {@code prefix + 0..n-1} from 4 threads and checks that each got 200. */
  private void getConcurrently(String prefix, int requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String path = prefix + i;
        responses.add(pool.submit(() -> client.get(path)));
      }
      for (Future<HttpResponse<String>> response : responses) {
        assertThat(response.get().statusCode()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private long compared(String route) {
    return reports.find(route).map(report -> report.compared()).orElse(0L);
  }

  private static FieldView field(DiffReportView view, String path) {
    return view.fields().stream()
        .filter(field -> field.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + path + " in " + view.fields()));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .withTransformers("response-template");
  }
}
