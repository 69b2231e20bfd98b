package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayIT(properties = {"strangler.override.token=s3cret-token"})
class RoutingIT {

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
          sticky-by: [header:X-User-Id, cookie:session, query:user]
        - id: users
          paths: [/api/users/**]
          modern: ${modern}
          mode: modern
        - id: reports
          paths: [/api/reports/**]
          modern: ${modern}
          mode: legacy
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void unmatchedPath_goesToLegacyCatchAll() {
    HttpResponse<String> response = client.get("/not/migrated?x=1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Route")).hasValue("catch-all");
    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("legacy");
    legacy.verify(getRequestedFor(urlEqualTo("/not/migrated?x=1")));
    assertThat(modern.getAllServeEvents()).isEmpty();
  }

  @Test
  void methodNotListed_fallsThroughToCatchAll() {
    HttpResponse<String> response = client.send("DELETE", "/api/orders/1", "", "X-User-Id", "u1");

    assertThat(response.headers().firstValue("X-Strangler-Route")).hasValue("catch-all");
    assertThat(response.body()).isEqualTo("legacy");
  }

  @Test
  void modernMode_sendsEverythingToModern_legacyMode_everythingToLegacy() {
    assertThat(client.get("/api/users/7").body()).isEqualTo("modern");
    assertThat(client.get("/api/reports/7").body()).isEqualTo("legacy");
  }

  @Test
  void canary_sendsAboutItsShareToModern_andKeepsEachUserOnOneSide() {
    int users = 400;
    Map<String, String> sideByUser = new HashMap<>();
    for (int i = 0; i < users; i++) {
      String user = "user-" + i;
      HttpResponse<String> response = client.get("/api/orders/" + i, "X-User-Id", user);
      assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue(response.body());
      sideByUser.put(user, response.body());
    }
    long onModern = sideByUser.values().stream().filter("modern"::equals).count();
    // 30% of 400 = 120; a binomial 3-sigma band is about +-28
    assertThat(onModern).isBetween(90L, 150L);

    for (int i = 0; i < users; i += 7) {
      String user = "user-" + i;
      assertThat(client.get("/api/orders/other", "X-User-Id", user).body())
          .as(user)
          .isEqualTo(sideByUser.get(user));
    }
  }

  @Test
  void stickyBy_usesFirstPresentSource() {
    String byCookie = client.get("/api/orders/1", "Cookie", "session=abc").body();
    for (int i = 0; i < 5; i++) {
      assertThat(client.get("/api/orders/1", "Cookie", "session=abc").body()).isEqualTo(byCookie);
      assertThat(client.get("/api/orders/1?user=abc&x=" + i).body())
          .isEqualTo(client.get("/api/orders/1?user=abc").body());
    }
  }

  @Test
  void force_withToken_isObeyed_andBothHeadersAreStripped() {
    HttpResponse<String> response =
        client.get(
            "/api/reports/1",
            "X-Strangler-Force",
            "modern",
            "X-Strangler-Force-Token",
            "s3cret-token");

    assertThat(response.body()).isEqualTo("modern");
    modern.verify(
        anyRequestedFor(anyUrl())
            .withHeader("X-Strangler-Force", absent())
            .withHeader("X-Strangler-Force-Token", absent()));
  }

  @Test
  void force_withoutOrWithWrongToken_isIgnored_andStripped() {
    assertThat(client.get("/api/reports/1", "X-Strangler-Force", "modern").body())
        .isEqualTo("legacy");
    assertThat(
            client
                .get(
                    "/api/reports/1",
                    "X-Strangler-Force",
                    "modern",
                    "X-Strangler-Force-Token",
                    "guess")
                .body())
        .isEqualTo("legacy");
    assertThat(modern.getAllServeEvents()).isEmpty();
    legacy.verify(
        2,
        anyRequestedFor(anyUrl())
            .withHeader("X-Strangler-Force", absent())
            .withHeader("X-Strangler-Force-Token", absent()));
  }

  @Test
  void backendRequest_carriesRequestIdAndForwardedHeaders_notStranglerHeaders() {
    HttpResponse<String> response =
        client.get(
            "/api/reports/1",
            "X-Request-Id",
            "req-123",
            "X-Strangler-Shadow",
            "true",
            "X-Forwarded-For",
            "203.0.113.9");

    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-123");
    legacy.verify(
        getRequestedFor(urlEqualTo("/api/reports/1"))
            .withHeader("X-Request-Id", equalTo("req-123"))
            // no trusted proxies by default: the client's X-Forwarded-For is not passed on
            .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
            .withHeader("X-Forwarded-Proto", equalTo("http"))
            .withHeader("X-Forwarded-Host", equalTo("127.0.0.1:" + port))
            .withHeader("X-Strangler-Shadow", absent()));
  }

  @Test
  void requestWithoutId_getsAGeneratedOne() {
    HttpResponse<String> response = client.get("/api/reports/2");

    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).matches("[0-9a-f-]{36}");
    legacy.verify(
        getRequestedFor(urlEqualTo("/api/reports/2")).withHeader("X-Request-Id", equalTo(id)));
  }

  @Test
  void hopByHopHeaders_areNotForwarded() {
    String response =
        client.raw(
            "GET /api/reports/3 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close, X-Hop-Secret\r\nX-Hop-Secret: 1\r\nKeep-Alive: timeout=5\r\n"
                + "TE: trailers\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nX-Kept: yes\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200").contains("\r\nlegacy\r\n");
    legacy.verify(
        getRequestedFor(urlEqualTo("/api/reports/3"))
            .withHeader("Keep-Alive", absent())
            .withHeader("TE", absent())
            .withHeader("X-Hop-Secret", absent())
            .withHeader("Proxy-Authorization", absent())
            .withHeader("X-Kept", equalTo("yes"))
            .withHeader("X-Request-Id", matching(".+")));
  }

  @Test
  void forwardedHeadersOfTheClient_areNotPassedOn_butReplacedByTheGatewaysOwn() {
    client.get(
        "/api/reports/4",
        "Forwarded",
        "for=198.51.100.1;proto=https",
        "X-Forwarded-Port",
        "1234",
        "X-Forwarded-Prefix",
        "/evil");

    legacy.verify(
        getRequestedFor(urlEqualTo("/api/reports/4"))
            .withHeader("Forwarded", absent())
            .withHeader("X-Forwarded-Port", absent())
            .withHeader("X-Forwarded-Prefix", absent())
            .withHeader("X-Forwarded-For", equalTo("127.0.0.1")));
  }

  @Test
  void hopByHopHeadersOfTheBackend_doNotReachTheClient() {
    legacy.stubFor(
        any(urlEqualTo("/api/reports/5"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Connection", "X-Backend-Hop")
                    .withHeader("X-Backend-Hop", "1")
                    .withHeader("Keep-Alive", "timeout=5")
                    .withHeader("X-Backend-Kept", "yes")
                    .withBody("legacy")));

    HttpResponse<String> response = client.get("/api/reports/5");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Backend-Kept")).hasValue("yes");
    assertThat(response.headers().firstValue("X-Backend-Hop")).isEmpty();
    assertThat(response.headers().firstValue("Keep-Alive")).isEmpty();
  }

  @Test
  void prometheus_showsRequestsDurationsAndRolloutPercent() {
    client.get("/api/users/metrics");
    client.get("/elsewhere/metrics");

    String scrape = new GatewayClient(managementPort).get("/actuator/prometheus").body();

    assertThat(scrape)
        .containsPattern(
            "strangler_requests_total\\{[^}]*outcome=\"success\",route=\"users\",target=\"modern\"}"
                + " [1-9]");
    assertThat(scrape)
        .containsPattern(
            "strangler_requests_total\\{[^}]*outcome=\"success\",route=\"catch-all\",target=\"legacy\"}"
                + " [1-9]");
    assertThat(scrape)
        .containsPattern(
            "strangler_request_duration_seconds_bucket\\{[^}]*route=\"users\",target=\"modern\",le=\"[0-9.]+\"}"
                + " [0-9]");
    assertThat(scrape).containsPattern("strangler_rollout_percent\\{[^}]*route=\"orders\"} 30");
    assertThat(scrape).containsPattern("strangler_rollout_percent\\{[^}]*route=\"users\"} 100");
  }
}
