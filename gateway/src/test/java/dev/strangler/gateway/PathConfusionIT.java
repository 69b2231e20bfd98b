package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.strangler.gateway.metrics.PathRefusalMetrics;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttp;
import dev.strangler.rules.PathRefusal;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tricky request paths through the running gateway, sent as raw request lines (an HTTP client
 * library would normalize some of them first): each is either refused before anything is routed,
 * mirrored or proxied, or decided by the route its path resolves to and forwarded as sent.
 *
 * <p>The rules put {@code /api/public/**} on legacy and {@code /api/secure/**} on modern, the shape
 * of a migration where legacy's version of the secure paths must no longer be reached; the public
 * route mirrors every GET to modern, so a refused request that got as far as mirroring would show.
 */
@GatewayIT
class PathConfusionIT {

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: public
          paths: [/api/public/**]
          modern: ${modern}
          mode: shadow
        - id: secure
          paths: [/api/secure/**]
          modern: ${modern}
          mode: modern
          shadow: {percent: 0}
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired PathRefusalMetrics refusals;

  @Autowired JsonMapper json;

  RawHttp http;

  @BeforeEach
  void stubBackends() {
    http = RawHttp.ipv4(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  /** What becomes of a request target. */
  sealed interface Expect {}

  /** Refused by the gateway's path policy: 400 problem+json with this reason. */
  record Refused(PathRefusal reason) implements Expect {}

  /** Refused by the HTTP server before the gateway sees it: a bare 400. */
  record RefusedByServer() implements Expect {}

  /** Decided by a route and answered by a side; the backend got this path and query. */
  record Routed(String route, String side, String backendUrl) implements Expect {}

  static Stream<Arguments> targets() {
    return Stream.of(
        // the two routes as they are
        routed("/api/public/x", "public", "legacy", "/api/public/x"),
        routed("/api/secure/x", "secure", "modern", "/api/secure/x"),
        // the bypasses of the issue
        refused("/api/public/..;/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/%2e%2e/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/..%2Fsecure/x", PathRefusal.ENCODED_SLASH),
        refused("/api/public/./../secure/x", PathRefusal.DOT_SEGMENT),
        // dot-segments raw, encoded, in mixed case
        refused("/api/public/../secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/%2E%2e/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/.%2E/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/%2e/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/..", PathRefusal.DOT_SEGMENT),
        refused("/api/public/..%2fsecure/x", PathRefusal.ENCODED_SLASH),
        refused("/api/public%2F..%2Fsecure/x", PathRefusal.ENCODED_SLASH),
        // double encoding
        refused("/api/public/%252e%252e/secure/x", PathRefusal.ENCODED_PERCENT),
        refused("/api/public/%252F..%252Fsecure/x", PathRefusal.ENCODED_PERCENT),
        // overlong UTF-8 forms of '.' and '/'
        refused("/api/public/%C0%AE%C0%AE/secure/x", PathRefusal.OVERLONG_UTF8),
        refused("/api/public/%c0%ae%c0%ae%c0%afsecure/x", PathRefusal.OVERLONG_UTF8),
        refused("/api/public/%E0%80%AE%E0%80%AE/secure/x", PathRefusal.OVERLONG_UTF8),
        // Unicode dots and slashes that NFKC normalization turns into ASCII ones
        refused("/api/public/%EF%BC%8E%EF%BC%8E/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/%E2%80%A5/secure/x", PathRefusal.DOT_SEGMENT),
        refused("/api/public/..%EF%BC%8Fsecure/x", PathRefusal.ENCODED_SLASH),
        // empty segments, which servlet containers merge
        refused("/api//secure/x", PathRefusal.EMPTY_SEGMENT),
        refused("/api/public//x", PathRefusal.EMPTY_SEGMENT),
        // trailing dots, which servers on Windows drop
        refused("/api/secure./x", PathRefusal.TRAILING_DOT),
        refused("/api/public/...", PathRefusal.TRAILING_DOT),
        refused("/api/secure%2E/x", PathRefusal.TRAILING_DOT),
        // backslashes, NUL and control characters, path parameters
        refused("/api/public/..%5Csecure/x", PathRefusal.BACKSLASH),
        refused("/api/public/..%5csecure/x", PathRefusal.BACKSLASH),
        refused("/api/public/%00/x", PathRefusal.CONTROL_CHARACTER),
        refused("/api/public/x%0d%0aX-Injected:%201", PathRefusal.CONTROL_CHARACTER),
        refused("/api/public/x%C2%85", PathRefusal.CONTROL_CHARACTER),
        refused("/api/secure;jsessionid=1/x", PathRefusal.PATH_PARAMETER),
        refused("/api/public/x;a=b", PathRefusal.PATH_PARAMETER),
        refused("/api/secure%3Bx=1/x", PathRefusal.PATH_PARAMETER),
        // raw non-ASCII (UTF-8 of an e with acute accent, sent unencoded)
        refused("/api/public/caf\u00c3\u00a9", PathRefusal.INVALID_CHARACTER),
        // what the HTTP server refuses itself, with a bare 400
        refusedByServer("/api/public/..\\secure/x"),
        refusedByServer("/api/public/\u0000/x"),
        refusedByServer("/api/public/\t/x"),
        refusedByServer("/api/public/%u002e%u002e/secure/x"),
        refusedByServer("/api/public/%%32%65%%32%65/secure/x"),
        refusedByServer("/api/public/x%"),
        // decided as an RFC 3986 resolver resolves the path: unreserved characters decoded, case
        // kept, the query string not the path's business
        routed("/api/%73ecure/x", "secure", "modern", "/api/%73ecure/x"),
        routed("/api/public/%61%2D%7E", "public", "legacy", "/api/public/%61%2D%7E"),
        routed("/API/secure/x", "catch-all", "legacy", "/API/secure/x"),
        routed(
            "/api/secure/x?next=../../public/x",
            "secure",
            "modern",
            "/api/secure/x?next=../../public/x"),
        routed(
            "/api/public/x?p=%2e%2e%2F..;/%00",
            "public", "legacy", "/api/public/x?p=%2e%2e%2F..;/%00"),
        routed("/api/public/a.b/..c/.d", "public", "legacy", "/api/public/a.b/..c/.d"),
        routed("/api/public/x/", "public", "legacy", "/api/public/x/"),
        routed("/api/public/%E2%82%AC", "public", "legacy", "/api/public/%E2%82%AC"),
        routed("http://other.example/api/secure/x", "secure", "modern", "/api/secure/x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void target_isRefusedOrDecidedAsResolved(String target, Expect expect) {
    long refusedBefore = expect instanceof Refused refused ? refusals.count(refused.reason()) : 0;

    RawHttp.Response response = http.get(target);

    if (expect instanceof Refused refused) {
      assertRefusedProblem(response, refused.reason(), target);
      assertThat(refusals.count(refused.reason())).isEqualTo(refusedBefore + 1);
      assertNothingReachedTheBackends();
    } else if (expect instanceof Routed routed) {
      assertRouted(response, routed);
    } else {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("X-Strangler-Route")).isNull();
      assertNothingReachedTheBackends();
    }
  }

  private static void assertRouted(RawHttp.Response response, Routed routed) {
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-Strangler-Route")).isEqualTo(routed.route());
    assertThat(response.body()).isEqualTo(routed.side());
    WireMockExtension answered = "legacy".equals(routed.side()) ? legacy : modern;
    List<ServeEvent> events = answered.getAllServeEvents();
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).getRequest().getUrl()).isEqualTo(routed.backendUrl());
    if ("public".equals(routed.route())) {
      // the mirror goes out after the answer: wait for it, so that it is this test's
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(modern.getAllServeEvents())
                      .extracting(event -> event.getRequest().getUrl())
                      .containsExactly(routed.backendUrl()));
    }
  }

  @Test
  void refusal_isCountedInPrometheus() {
    http.get("/api/public/%2e%2e/secure/x");

    String scrape = new GatewayClient(managementPort).get("/actuator/prometheus").body();

    assertThat(scrape)
        .containsPattern("strangler_requests_refused_total\\{[^}]*reason=\"dot_segment\"} [1-9]");
    assertThat(scrape)
        .containsPattern("strangler_requests_refused_total\\{[^}]*reason=\"encoded_slash\"} ");
  }

  @Test
  void managementPort_refusesToo() {
    RawHttp.Response response = RawHttp.ipv4(managementPort).get("/actuator/%2e%2e/admin/routes");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response).get("reason").asString()).isEqualTo("dot_segment");
  }

  @Test
  void refusal_keepsTheClientsRequestId() {
    RawHttp.Response response = http.get("/api/public/../secure/x", "X-Request-Id", "req-path-1");

    assertThat(response.header("X-Request-Id")).isEqualTo("req-path-1");
    assertThat(problem(response).get("requestId").asString()).isEqualTo("req-path-1");
  }

  private void assertRefusedProblem(RawHttp.Response response, PathRefusal reason, String target) {
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode problem = problem(response);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://strangler.dev/problems/path-refused");
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("reason").asString()).isEqualTo(reason.tag());
    assertThat(problem.get("requestId").asString())
        .isNotBlank()
        .isEqualTo(response.header("X-Request-Id"));
    // the path is never echoed, raw or decoded
    assertThat(response.body())
        .doesNotContain(target)
        .doesNotContain("/api/")
        .doesNotContain("secure");
    assertThat(response.header("X-Strangler-Route")).isNull();
  }

  private JsonNode problem(RawHttp.Response response) {
    return json.readTree(response.body());
  }

  private static void assertNothingReachedTheBackends() {
    assertThat(legacy.getAllServeEvents()).isEmpty();
    assertThat(modern.getAllServeEvents()).isEmpty();
  }

  private static Arguments refused(String target, PathRefusal reason) {
    return Arguments.of(target, new Refused(reason));
  }

  private static Arguments refusedByServer(String target) {
    return Arguments.of(target, new RefusedByServer());
  }

  private static Arguments routed(String target, String route, String side, String backendUrl) {
    return Arguments.of(target, new Routed(route, side, backendUrl));
  }
}
