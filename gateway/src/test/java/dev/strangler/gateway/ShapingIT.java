package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.gateway.metrics.ShadowMetrics;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * modern-filters, legacy-filters and preserve-host through the running gateway: each filter on
 * modern only, on legacy only and on both, seen by WireMock backends that record what they
 * received; the fallback replay and shadow copies with the filters of the side they go to.
 */
@GatewayIT(
    properties = {
      "strangler.override.token=" + ShapingIT.FORCE_TOKEN,
      "strangler.admin.token=" + ShapingIT.ADMIN_TOKEN
    })
class ShapingIT {

  static final String FORCE_TOKEN = "shaping-force-token";

  static final String ADMIN_TOKEN = "shaping-test-admin-token-01";

  /** Where a case's filter is: the keys of its route. */
  enum Placement {
    MODERN,
    LEGACY,
    BOTH;

    boolean shapes(String side) {
      return this == BOTH || name().equalsIgnoreCase(side);
    }
  }

  /**
   * One filter: its entry, what a backend's request shows of it, and what that is with the filter
   * and without, for a request to {@code /<route>/orders/7?q=1}.
   */
  enum Shaping {
    STRIP_PREFIX("StripPrefix=1", Received::url),
    PREFIX_PATH("PrefixPath=/v2", Received::url),
    REWRITE_PATH(
        "'RewritePath=/[a-z-]+/orders/(?<id>[0-9]+), /v2/orders/${id}/details'", Received::url),
    SET_PATH("'SetPath=/v2/items/{id}'", Received::url),
    SET_REQUEST_HEADER("'SetRequestHeader=X-Env, migrated-{id}'", r -> r.header("X-Env")),
    REMOVE_REQUEST_HEADER("RemoveRequestHeader=X-Legacy-Only", r -> r.header("X-Legacy-Only")),
    SET_REQUEST_HOST_HEADER("SetRequestHostHeader=orders.internal", r -> r.header("Host")),
    /** On one side the PreserveHostHeader filter, on both the route's preserve-host key. */
    PRESERVE_HOST("PreserveHostHeader", r -> r.header("Host"));

    final String entry;

    final Function<Received, @Nullable String> observed;

    Shaping(String entry, Function<Received, @Nullable String> observed) {
      this.entry = entry;
      this.observed = observed;
    }

    String routeId(Placement placement) {
      return (name() + "-" + placement.name()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String route(Placement placement) {
      String id = routeId(placement);
      StringBuilder yaml =
          new StringBuilder()
              .append("  - id: ")
              .append(id)
              .append("\n    paths: [\"/")
              .append(id)
              .append("/orders/{id}\"]\n    modern: ${modern}\n    mode: legacy\n");
      if (this == PRESERVE_HOST && placement == Placement.BOTH) {
        return yaml.append("    preserve-host: true\n").toString();
      }
      if (placement.shapes("modern")) {
        yaml.append("    modern-filters: [").append(entry).append("]\n");
      }
      if (placement.shapes("legacy")) {
        yaml.append("    legacy-filters: [").append(entry).append("]\n");
      }
      return yaml.toString();
    }
  }

  /** What a backend received, as WireMock recorded it. */
  record Received(LoggedRequest request) {

    String url() {
      return request.getUrl();
    }

    @Nullable String header(String name) {
      return request.containsHeader(name) ? request.getHeader(name) : null;
    }
  }

  static final String FIXED_ROUTES =
      """
        - id: fallback
          paths: [/fallback/**]
          modern: ${modern}
          mode: modern
          modern-filters: [StripPrefix=1, PrefixPath=/v2, "SetRequestHeader=X-Side, modern"]
          legacy-filters: [PrefixPath=/legacy, "SetRequestHeader=X-Side, legacy"]
          fallback: {circuit-breaker: {window: 1000, minimum-calls: 1000}}
        - id: shadowed
          paths: ["/shop/api/orders/{id}"]
          modern: ${modern}
          mode: shadow
          modern-filters:
            - "SetPath=/v2/orders/{id}"
            - "SetRequestHeader=X-Side, modern"
            - SetRequestHostHeader=orders.internal
          legacy-filters: ["SetRequestHeader=X-Side, legacy"]
        - id: shadow-limited
          paths: [/shadow-limited/**]
          modern: ${modern}
          mode: shadow
          shadow: {methods: [POST]}
          modern-filters:
            - name: RequestSize
              args: {maxSize: 16B}
        - id: limited
          paths: [/limited/**]
          modern: ${modern}
          mode: modern
          modern-filters:
            - name: RequestSize
              args: {maxSize: 16B}
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(rules());

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  /** Every filter on every placement, then the fixed routes. */
  static String rules() {
    StringBuilder yaml = new StringBuilder("legacy: ${legacy}\nroutes:\n");
    for (Shaping shaping : Shaping.values()) {
      for (Placement placement : Placement.values()) {
        yaml.append(shaping.route(placement));
      }
    }
    yaml.append(FIXED_ROUTES);
    return yaml.toString();
  }

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired CircuitBreakerRegistry breakers;

  @Autowired ShadowMetrics shadowMetrics;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  static Stream<Arguments> everyFilterOnEveryPlacement() {
    return Stream.of(Shaping.values())
        .flatMap(
            shaping ->
                Stream.of(Placement.values()).map(placement -> Arguments.of(shaping, placement)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("everyFilterOnEveryPlacement")
  void filter_shapesTheCallsToItsSide_andOnlyThose(Shaping shaping, Placement placement) {
    String route = shaping.routeId(placement);
    for (String side : List.of("modern", "legacy")) {
      HttpResponse<String> response =
          client.get(
              "/" + route + "/orders/7?q=1",
              "X-Strangler-Force",
              side,
              "X-Strangler-Force-Token",
              FORCE_TOKEN,
              "X-Env",
              "client",
              "X-Legacy-Only",
              "yes",
              "X-Test-Case",
              route + "-" + side);
      assertThat(response.body()).isEqualTo(side);

      WireMockExtension backend = side.equals("modern") ? modern : legacy;
      Received received = receivedBy(backend, route + "-" + side);
      String expected =
          placement.shapes(side) ? shaped(shaping, route) : unshaped(shaping, route, backend);
      assertThat(shaping.observed.apply(received))
          .as("%s forced to %s", route, side)
          .isEqualTo(expected);
    }
  }

  @Test
  void fallbackReplay_reachesLegacyWithLegacysFiltersOnTheClientsRequest() {
    modern.stubFor(any(urlPathEqualTo("/v2/orders/1")).willReturn(aResponse().withStatus(503)));

    HttpResponse<String> response =
        client.get("/fallback/orders/1?q=2", "X-Test-Case", "fallback-1");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("status");
    Received toModern = receivedBy(modern, "fallback-1");
    assertThat(toModern.url()).isEqualTo("/v2/orders/1?q=2");
    assertThat(toModern.header("X-Side")).isEqualTo("modern");
    Received toLegacy = receivedBy(legacy, "fallback-1");
    assertThat(toLegacy.url())
        .as("legacy's PrefixPath on the client's path, not on modern's, and not skipped")
        .isEqualTo("/legacy/fallback/orders/1?q=2");
    assertThat(toLegacy.header("X-Side")).isEqualTo("legacy");
  }

  @Test
  void shadowCopy_reachesModernWithModernsPath_whileTheClientGetsLegacysAnswer() {
    HttpResponse<String> response = client.get("/shop/api/orders/9", "X-Test-Case", "shadow-9");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("legacy");
    Received toLegacy = receivedBy(legacy, "shadow-9");
    assertThat(toLegacy.url()).isEqualTo("/shop/api/orders/9");
    assertThat(toLegacy.header("X-Side")).isEqualTo("legacy");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !modern.findAll(anyRequestedFor(anyUrl())).isEmpty());
    Received toModern = receivedBy(modern, "shadow-9");
    assertThat(toModern.url()).isEqualTo("/v2/orders/9");
    assertThat(toModern.header("X-Side")).isEqualTo("modern");
    assertThat(toModern.header("X-Strangler-Shadow")).isEqualTo("true");
    assertThat(toModern.header("Host")).isEqualTo("orders.internal");
    assertThat(toLegacy.header("Host")).isEqualTo("localhost:" + legacy.getPort());
  }

  @Test
  void filterAnsweringByItself_isTheAnswer_modernNeverCalled_breakerNotCounted() {
    HttpResponse<String> response =
        client.send("POST", "/limited/upload", "x".repeat(100), "Content-Type", "text/plain");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).isEmpty();
    modern.verify(0, anyRequestedFor(anyUrl()));
    legacy.verify(0, anyRequestedFor(anyUrl()));
    assertThat(breakers.circuitBreaker("limited").getMetrics().getNumberOfBufferedCalls()).isZero();

    assertThat(client.send("POST", "/limited/upload", "small").body()).isEqualTo("modern");
  }

  @Test
  void shadowCopyRefusedByItsSidesFilter_skipped_theClientsAnswerUntouched() {
    long skippedBefore = shadowMetrics.count("shadow-limited", ShadowMetrics.Result.SKIPPED);

    HttpResponse<String> response =
        client.send(
            "POST", "/shadow-limited/upload", "x".repeat(100), "Content-Type", "text/plain");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("legacy");
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                shadowMetrics.count("shadow-limited", ShadowMetrics.Result.SKIPPED) - skippedBefore
                    == 1);
    modern.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void adminApi_showsEachRoutesFiltersAsWritten() {
    AdminClient admin = new AdminClient(managementPort, ADMIN_TOKEN);

    JsonNode fallback = admin.json("/admin/routes/fallback");
    JsonNode limited = admin.json("/admin/routes/limited");
    JsonNode preserved = admin.json("/admin/routes/preserve-host-both");

    assertThat(fallback.get("filters").get("modern").toString())
        .isEqualTo("[\"StripPrefix=1\",\"PrefixPath=/v2\",\"SetRequestHeader=X-Side, modern\"]");
    assertThat(fallback.get("filters").get("legacy").toString())
        .isEqualTo("[\"PrefixPath=/legacy\",\"SetRequestHeader=X-Side, legacy\"]");
    assertThat(fallback.get("preserveHost").booleanValue()).isFalse();
    assertThat(limited.get("filters").get("modern").get(0).stringValue())
        .isEqualTo("RequestSize {maxSize: 16B}");
    assertThat(preserved.get("preserveHost").booleanValue()).isTrue();
    assertThat(admin.get("/admin/runbook").body())
        .contains("| Calls to modern | `StripPrefix=1`, `PrefixPath=/v2`");
  }

  /** What a backend sees of a request to {@code /<route>/orders/7?q=1} with the filter. */
  private @Nullable String shaped(Shaping shaping, String route) {
    return switch (shaping) {
      case STRIP_PREFIX -> "/orders/7?q=1";
      case PREFIX_PATH -> "/v2/" + route + "/orders/7?q=1";
      case REWRITE_PATH -> "/v2/orders/7/details?q=1";
      case SET_PATH -> "/v2/items/7?q=1";
      case SET_REQUEST_HEADER -> "migrated-7";
      case REMOVE_REQUEST_HEADER -> null;
      case SET_REQUEST_HOST_HEADER -> "orders.internal";
      case PRESERVE_HOST -> "127.0.0.1:" + port;
    };
  }

  /** What a backend sees of the same request without it. */
  private @Nullable String unshaped(Shaping shaping, String route, WireMockExtension backend) {
    return switch (shaping) {
      case STRIP_PREFIX, PREFIX_PATH, REWRITE_PATH, SET_PATH -> "/" + route + "/orders/7?q=1";
      case SET_REQUEST_HEADER -> "client";
      case REMOVE_REQUEST_HEADER -> "yes";
      case SET_REQUEST_HOST_HEADER, PRESERVE_HOST -> "localhost:" + backend.getPort();
    };
  }

  private static Received receivedBy(WireMockExtension backend, String testCase) {
    List<LoggedRequest> requests =
        backend.findAll(anyRequestedFor(anyUrl()).withHeader("X-Test-Case", equalTo(testCase)));
    assertThat(requests).as("requests with X-Test-Case %s", testCase).hasSize(1);
    return new Received(requests.get(0));
  }
}
