package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttpBackend;
import dev.strangler.gateway.support.RawHttpBackend.Request;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Backends that close kept-alive connections: the gateway must not turn the race between reusing a
 * pooled connection and the backend closing it into a 502, and must never send a request that may
 * have run twice.
 */
@GatewayIT
class BackendConnectionsIT {

  /**
   * Answers each request, then closes the connection, without {@code Connection: close}: the close
   * follows the answer by a millisecond, as a server's close after its flush does under load.
   */
  static final RawHttpBackend CLOSING =
      RawHttpBackend.start(
          connection -> {
            Request request = connection.read();
            if (request != null) {
              connection.ok("answered " + request.target());
              connection.pause(1);
            }
          });

  /** Keeps connections alive, and closes one that stayed idle for 2 s, as many servers do. */
  static final RawHttpBackend IDLE_CLOSING =
      RawHttpBackend.start(
          connection -> {
            while (connection.awaitData(2000)) {
              Request request = connection.read();
              if (request == null) {
                return;
              }
              connection.ok("answered " + request.target());
            }
          });

  /**
   * Answers the first request of a connection and keeps it alive; reads the second and closes
   * without a byte of answer: the gateway's next request on the reused connection is lost. One
   * backend per test, so that no test finds another's idle connection in the pool.
   */
  static final RawHttpBackend DROPS_GET = RawHttpBackend.start(BackendConnectionsIT::dropSecond);

  static final RawHttpBackend DROPS_POST = RawHttpBackend.start(BackendConnectionsIT::dropSecond);

  static final RawHttpBackend DROPS_MODERN = RawHttpBackend.start(BackendConnectionsIT::dropSecond);

  static final RawHttpBackend DROPS_SHAPED = RawHttpBackend.start(BackendConnectionsIT::dropSecond);

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: closing
          paths: [/closing/**]
          legacy: %s
          modern: ${modern}
          mode: legacy
        - id: idle
          paths: [/idle/**]
          legacy: %s
          modern: ${modern}
          mode: legacy
        - id: drops
          paths: [/drops/**]
          legacy: %s
          modern: ${modern}
          mode: legacy
        - id: drops-post
          paths: [/drops-post/**]
          legacy: %s
          modern: ${modern}
          mode: legacy
        - id: drops-modern
          paths: [/drops-modern/**]
          modern: %s
          mode: modern
          fallback: {circuit-breaker: {window: 100, minimum-calls: 100}}
        - id: drops-shaped
          paths: [/drops-shaped/**]
          modern: %s
          mode: modern
          modern-filters: [StripPrefix=1, "SetRequestHeader=X-Shaped, yes"]
          fallback: {circuit-breaker: {window: 100, minimum-calls: 100}}
      """
          .formatted(
              CLOSING.baseUrl(),
              IDLE_CLOSING.baseUrl(),
              DROPS_GET.baseUrl(),
              DROPS_POST.baseUrl(),
              DROPS_MODERN.baseUrl(),
              DROPS_SHAPED.baseUrl());

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @Autowired MeterRegistry meters;

  GatewayClient client;

  @AfterAll
  static void stopBackends() {
    CLOSING.close();
    IDLE_CLOSING.close();
    DROPS_GET.close();
    DROPS_POST.close();
    DROPS_MODERN.close();
    DROPS_SHAPED.close();
  }

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void get_backendClosesEachConnectionAfterAnswer_all620Answered_eachReceivedOnce()
      throws Exception {
    int requests = 620;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        String path = "/closing/item-" + i;
        responses.add(pool.submit(() -> client.get(path)));
      }
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        HttpResponse<String> response = responses.get(i).get();
        if (response.statusCode() != 200
            || !response.body().equals("answered /closing/item-" + i)) {
          failed.add(i + ": " + response.statusCode() + " " + response.body());
        }
      }
      assertThat(failed).as("requests that failed").isEmpty();
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> received =
        CLOSING.received().stream()
            .collect(Collectors.groupingBy(Request::target, Collectors.counting()));
    assertThat(received).hasSize(requests);
    assertThat(received.values())
        .as("a retried request had never reached the backend: each ran once")
        .allMatch(count -> count == 1);
    assertThat(
            retries("closing", "legacy", "closed_before_response")
                + retries("closing", "legacy", "not_sent"))
        .as("retries counted (the race is not forced, so any number up to the requests)")
        .isBetween(0.0, (double) requests);
  }

  @Test
  void getAndPost_backendClosesIdleConnectionsAfter2s_requests3sApart_allAnswered()
      throws Exception {
    IDLE_CLOSING.reset();
    for (int i = 0; i < 3; i++) {
      if (i > 0) {
        Thread.sleep(3000);
      }
      String method = i % 2 == 0 ? "GET" : "POST";
      HttpResponse<String> response =
          method.equals("GET")
              ? client.get("/idle/" + i)
              : client.send("POST", "/idle/" + i, "order-" + i);
      assertThat(response.statusCode()).as(method + " " + i).isEqualTo(200);
      assertThat(response.body()).isEqualTo("answered /idle/" + i);
    }
    assertThat(IDLE_CLOSING.received())
        .extracting(Request::method, Request::target)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/idle/0"),
            org.assertj.core.groups.Tuple.tuple("POST", "/idle/1"),
            org.assertj.core.groups.Tuple.tuple("GET", "/idle/2"));
    assertThat(retries("idle", "legacy", "closed_before_response")).isZero();
  }

  @Test
  void get_reusedConnectionClosedWithoutAnswer_isRetriedOnceOnANewConnection() {
    assertThat(client.get("/drops/a").body()).isEqualTo("answered /drops/a");
    awaitIdleConnection(DROPS_GET);
    HttpResponse<String> second = client.get("/drops/b");

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("answered /drops/b");
    assertThat(DROPS_GET.received())
        .extracting(Request::target)
        .as("GET is idempotent: the lost attempt and the retry")
        .containsExactly("/drops/a", "/drops/b", "/drops/b");
    assertThat(DROPS_GET.connections()).as("the retry had a connection of its own").isEqualTo(2);
    assertThat(retries("drops", "legacy", "closed_before_response")).isEqualTo(1);
  }

  @Test
  void post_reusedConnectionClosedAfterItWasWritten_isNotRetried_clientGets502Problem() {
    assertThat(client.send("POST", "/drops-post/c", "order-c").body())
        .isEqualTo("answered /drops-post/c");
    awaitIdleConnection(DROPS_POST);
    HttpResponse<String> second = client.send("POST", "/drops-post/d", "order-d");

    assertThat(second.statusCode()).isEqualTo(502);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(second.body()).contains("\"route\":\"drops-post\"");
    assertThat(DROPS_POST.received())
        .extracting(Request::target)
        .as("a POST that was written may have run: never sent again")
        .containsExactly("/drops-post/c", "/drops-post/d");
    assertThat(retries("drops-post", "legacy", "closed_before_response")).isZero();
    assertThat(retries("drops-post", "legacy", "not_sent")).isZero();
  }

  @Test
  void get_modernReusedConnectionClosed_retryAnswers_oneBreakerOutcome_noFallback() {
    var breaker =
        meters
            .find("resilience4j.circuitbreaker.calls")
            .tag("name", "drops-modern")
            .tag("kind", "successful")
            .timer();
    long successfulBefore = breaker == null ? 0 : breaker.count();

    assertThat(client.get("/drops-modern/a").body()).isEqualTo("answered /drops-modern/a");
    awaitIdleConnection(DROPS_MODERN);
    HttpResponse<String> second = client.get("/drops-modern/b");

    assertThat(second.body()).isEqualTo("answered /drops-modern/b");
    assertThat(second.headers().firstValue("X-Strangler-Target")).hasValue("modern");
    assertThat(second.headers().firstValue("X-Strangler-Fallback")).isEmpty();
    assertThat(retries("drops-modern", "modern", "closed_before_response")).isEqualTo(1);
    var successful =
        meters
            .find("resilience4j.circuitbreaker.calls")
            .tag("name", "drops-modern")
            .tag("kind", "successful")
            .timer();
    assertThat(successful).isNotNull();
    assertThat(successful.count())
        .as("the retried call is one outcome of the breaker")
        .isEqualTo(successfulBefore + 2);
    assertThat(legacy.getAllServeEvents()).isEmpty();
  }

  @Test
  void put_shapedByModernsFilters_reusedConnectionClosed_retriedShaped_withItsBody() {
    assertThat(client.send("PUT", "/drops-shaped/items/1", "first").body())
        .isEqualTo("answered /items/1");
    awaitIdleConnection(DROPS_SHAPED);
    HttpResponse<String> second = client.send("PUT", "/drops-shaped/items/2", "second");

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("answered /items/2");
    assertThat(second.headers().firstValue("X-Strangler-Fallback")).isEmpty();
    assertThat(DROPS_SHAPED.received())
        .extracting(
            request ->
                request.method()
                    + " "
                    + request.target()
                    + " X-Shaped="
                    + request.headers().get("x-shaped")
                    + " "
                    + new String(request.body(), StandardCharsets.UTF_8))
        .as("the retry is the shaped call again, body included; the filters do not run twice")
        .containsExactly(
            "PUT /items/1 X-Shaped=yes first",
            "PUT /items/2 X-Shaped=yes second",
            "PUT /items/2 X-Shaped=yes second");
    assertThat(retries("drops-shaped", "modern", "closed_before_response")).isEqualTo(1);
    assertThat(legacy.getAllServeEvents()).isEmpty();
  }

  /** Each connection: answers its first request, reads the second and closes without answer. */
  static void dropSecond(RawHttpBackend.Connection connection) throws IOException {
    Request first = connection.read();
    if (first != null) {
      connection.ok("answered " + first.target());
      connection.read();
    }
  }

  /**
   * Waits until the gateway's pool holds an idle connection to the backend: the connection of the
   * answer just read goes back to the pool a moment after the client has the answer.
   */
  private void awaitIdleConnection(RawHttpBackend backend) {
    String port = ":" + backend.baseUrl().substring(backend.baseUrl().lastIndexOf(':') + 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                meters.find("reactor.netty.connection.provider.idle.connections").gauges().stream()
                    .filter(
                        gauge ->
                            String.valueOf(gauge.getId().getTag("remote.address")).endsWith(port))
                    .anyMatch(gauge -> gauge.value() >= 1));
  }

  private double retries(String route, String target, String reason) {
    Counter counter =
        meters
            .find("strangler.backend.retries")
            .tag("route", route)
            .tag("target", target)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
