package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.Ports;
import dev.strangler.gateway.support.TestClock;
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
import org.springframework.boot.test.web.server.LocalServerPort;

@GatewayIT(properties = {"strangler.replay.max-body-bytes=1KB"})
class FallbackIT {

  /** A port nothing listens on: connections to it are refused. */
  static final int CLOSED_PORT = Ports.closed();

  static final String NO_BREAKER = "circuit-breaker: {window: 1000, minimum-calls: 1000}";

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: reads
          paths: [/reads/**]
          modern: ${modern}
          mode: modern
          fallback: {timeout: 300ms, %1$s}
        - id: writes
          paths: [/writes/**]
          modern: ${modern}
          mode: modern
          fallback: {timeout: 300ms, %1$s}
        - id: refused
          paths: [/refused/**]
          modern: http://127.0.0.1:%2$d
          mode: modern
          fallback: {%1$s}
        - id: always
          paths: [/always/**]
          modern: ${modern}
          mode: modern
          fallback: {replay-unsafe: always, %1$s}
        - id: never
          paths: [/never/**]
          modern: http://127.0.0.1:%2$d
          mode: modern
          fallback: {replay-unsafe: never, %1$s}
        - id: breaker
          paths: [/breaker/**]
          modern: ${modern}
          mode: modern
          fallback:
            circuit-breaker: {window: 4, minimum-calls: 4, failure-rate: 50, open-for: 30s}
        - id: dead
          paths: [/dead/**]
          legacy: http://127.0.0.1:%2$d
          modern: http://127.0.0.1:%2$d
          mode: modern
      """
          .formatted(NO_BREAKER, CLOSED_PORT);

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @Autowired MeterRegistry meters;

  @Autowired TestClock clock;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void get_modernHealthy_modernAnswers() {
    HttpResponse<String> response = client.get("/reads/ok");

    assertThat(response.body()).isEqualTo("modern");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).isEmpty();
  }

  @Test
  void get_modernStatus503_legacyAnswers() {
    modern.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("X-Modern", "yes")));

    HttpResponse<String> response = client.get("/reads/503");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("status");
    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("legacy");
    assertThat(response.headers().firstValue("X-Modern"))
        .as("modern's headers are dropped")
        .isEmpty();
    assertThat(fallbacks("reads", "status")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void get_modernStatusNotListed_isModernsAnswer() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("modern 500")));

    HttpResponse<String> response = client.get("/reads/500");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("modern 500");
  }

  @Test
  void get_modernConnectionRefused_legacyAnswers() {
    HttpResponse<String> response = client.get("/refused/1");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("connect");
  }

  @Test
  void get_modernSlow_timesOut_legacyAnswers() {
    modern.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withStatus(200).withBody("late").withFixedDelay(2000)));

    HttpResponse<String> response = client.get("/reads/slow");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("timeout");
    assertThat(fallbacks("reads", "timeout")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void get_modernResetsConnection_legacyAnswers() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    HttpResponse<String> response = client.get("/reads/reset");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("connect");
  }

  @Test
  void get_modernEmptyResponse_legacyAnswers() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertThat(client.get("/reads/empty").body()).isEqualTo("legacy");
  }

  @Test
  void put_modernStatus503_isReplayedToLegacyWithTheSameBody() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));

    HttpResponse<String> response =
        client.send(
            "PUT", "/writes/item/1", "{\"name\":\"x\"}", "Content-Type", "application/json");

    assertThat(response.body()).isEqualTo("legacy");
    modern.verify(
        1,
        putRequestedFor(urlEqualTo("/writes/item/1")).withRequestBody(equalTo("{\"name\":\"x\"}")));
    legacy.verify(
        1,
        putRequestedFor(urlEqualTo("/writes/item/1")).withRequestBody(equalTo("{\"name\":\"x\"}")));
  }

  @Test
  void post_modernStatus503_isNotReplayed_modernsAnswerStands() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("modern busy")));

    HttpResponse<String> response = client.send("POST", "/writes/orders", "order-1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("modern busy");
    modern.verify(1, postRequestedFor(urlEqualTo("/writes/orders")));
    legacy.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void post_modernResetAfterReceiving_isNotReplayed_clientGetsProblem() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    HttpResponse<String> response =
        client.send("POST", "/writes/orders", "order-2", "X-Request-Id", "req-42");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body())
        .contains("\"route\":\"writes\"")
        .contains("\"requestId\":\"req-42\"")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    modern.verify(1, postRequestedFor(urlEqualTo("/writes/orders")));
    legacy.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void post_modernTimesOut_isNotReplayed() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withFixedDelay(2000)));

    HttpResponse<String> response = client.send("POST", "/writes/orders", "order-3");

    assertThat(response.statusCode()).isEqualTo(502);
    legacy.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void post_modernConnectionRefused_isSentToLegacy_withItsBody() {
    HttpResponse<String> response = client.send("POST", "/refused/orders", "order-4");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("connect");
    legacy.verify(
        1, postRequestedFor(urlEqualTo("/refused/orders")).withRequestBody(equalTo("order-4")));
  }

  @Test
  void post_replayUnsafeAlways_isReplayedAfterStatus() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502)));

    assertThat(client.send("POST", "/always/orders", "order-5").body()).isEqualTo("legacy");
    legacy.verify(
        1, postRequestedFor(urlEqualTo("/always/orders")).withRequestBody(equalTo("order-5")));
  }

  @Test
  void post_replayUnsafeNever_isNotSentToLegacyEvenWhenRefused() {
    HttpResponse<String> response = client.send("POST", "/never/orders", "order-6");

    assertThat(response.statusCode()).isEqualTo(502);
    legacy.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void put_bodyAboveReplayLimit_isStreamed_andNotReplayedOnceSent() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    String big = "x".repeat(5000);

    HttpResponse<String> response = client.send("PUT", "/writes/big", big);

    assertThat(response.statusCode()).isEqualTo(503);
    modern.verify(1, putRequestedFor(urlEqualTo("/writes/big")).withRequestBody(equalTo(big)));
    legacy.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void put_bodyAboveReplayLimit_modernRefused_isSentToLegacyInFull() {
    String big = "y".repeat(5000);

    HttpResponse<String> response = client.send("PUT", "/refused/big", big);

    assertThat(response.body()).isEqualTo("legacy");
    legacy.verify(1, putRequestedFor(urlEqualTo("/refused/big")).withRequestBody(equalTo(big)));
  }

  @Test
  void put_chunkedBodyWithinReplayLimit_isReadAhead_andReplayedToLegacyWithTheSameBody() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));

    HttpResponse<String> response =
        client.sendChunked("PUT", "/writes/chunked", "{\"name\":\"chunked\"}");

    assertThat(response.body()).isEqualTo("legacy");
    modern.verify(
        1,
        putRequestedFor(urlEqualTo("/writes/chunked"))
            .withRequestBody(equalTo("{\"name\":\"chunked\"}")));
    legacy.verify(
        1,
        putRequestedFor(urlEqualTo("/writes/chunked"))
            .withRequestBody(equalTo("{\"name\":\"chunked\"}")));
  }

  @Test
  void put_chunkedBodyAboveReplayLimit_isStreamedWhole_andNotReplayedOnceSent() {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    String big = "abcdefghij".repeat(3000);

    HttpResponse<String> response = client.sendChunked("PUT", "/writes/chunked-big", big);

    assertThat(response.statusCode()).isEqualTo(503);
    modern.verify(
        1, putRequestedFor(urlEqualTo("/writes/chunked-big")).withRequestBody(equalTo(big)));
    legacy.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void put_chunkedBodyAboveReplayLimit_modernRefused_isSentToLegacyWhole() {
    String big = "klmnopqrst".repeat(3000);

    HttpResponse<String> response = client.sendChunked("PUT", "/refused/chunked-big", big);

    assertThat(response.body()).isEqualTo("legacy");
    legacy.verify(
        1, putRequestedFor(urlEqualTo("/refused/chunked-big")).withRequestBody(equalTo(big)));
  }

  @Test
  void noSideAnswers_clientGets502ProblemWithRouteAndRequestId() {
    HttpResponse<String> response = client.get("/dead/1");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(response.body())
        .contains("\"status\":502")
        .contains("\"route\":\"dead\"")
        .contains("\"requestId\":\"" + requestId + "\"")
        .doesNotContain("Exception");
  }

  @Test
  void circuit_opensOnFailures_staysOpenWithoutCallingModern_andRecoversHalfOpen() {
    modern.stubFor(any(urlPathMatching("/breaker/.*")).willReturn(aResponse().withStatus(503)));
    for (int i = 0; i < 4; i++) {
      assertThat(client.get("/breaker/" + i).headers().firstValue("X-Strangler-Fallback"))
          .hasValue("status");
    }
    modern.verify(4, anyRequestedFor(urlPathMatching("/breaker/.*")));

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = client.get("/breaker/open-" + i);
      assertThat(response.body()).isEqualTo("legacy");
      assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("circuit_open");
    }
    modern.verify(4, anyRequestedFor(urlPathMatching("/breaker/.*")));
    assertThat(fallbacks("breaker", "circuit_open")).isEqualTo(5);

    modern.stubFor(
        any(urlPathMatching("/breaker/.*"))
            .willReturn(aResponse().withStatus(200).withBody("modern")));
    clock.advance(Duration.ofSeconds(31));
    for (int i = 0; i < 12; i++) {
      assertThat(client.get("/breaker/half-open-" + i).body()).isEqualTo("modern");
    }
    modern.verify(16, anyRequestedFor(urlPathMatching("/breaker/.*")));
  }

  @Test
  void concurrentRequestsDuringModernOutage_allAnsweredByLegacy() throws Exception {
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String path = "/reads/outage-" + i;
        statuses.add(pool.submit(() -> client.get(path).statusCode()));
      }
      for (Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private double fallbacks(String route, String reason) {
    var counter =
        meters.find("strangler.fallbacks").tag("route", route).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
