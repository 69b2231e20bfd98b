package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.EventLoopClients;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttpBackend;
import dev.strangler.gateway.support.RawHttpBackend.Request;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Backends that hold connections: a modern that accepts and never answers, a legacy slower than the
 * pool can take. Each backend address has at most 4 connections and 8 waiting requests here, so
 * that twice the pool's size of clients fills both. The bounds hold over all the event loops' pools
 * together ({@code strangler.backend.pool-per-event-loop}), whose figures the gauges give one by
 * one.
 */
@GatewayIT(
    properties = {
      "spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=" + BackendPoolIT.POOL,
      "spring.cloud.gateway.server.webflux.httpclient.pool.acquire-timeout=1000",
      "strangler.backend.max-pending-acquires=" + BackendPoolIT.PENDING
    })
class BackendPoolIT {

  static final int POOL = 4;

  static final int PENDING = 2 * POOL;

  /** Accepts connections and reads what comes, never answering. */
  static final RawHttpBackend BLACK_HOLE = RawHttpBackend.start(RawHttpBackend.Connection::hold);

  /** Answers each request after 3 s. */
  static final RawHttpBackend SLOW =
      RawHttpBackend.start(
          connection -> {
            Request request;
            while ((request = connection.read()) != null) {
              connection.pause(3000);
              connection.ok("slow " + request.target());
            }
          });

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: hole
          paths: [/hole/**]
          modern: %s
          mode: modern
          fallback:
            timeout: 500ms
            circuit-breaker: {window: 8, minimum-calls: 8, failure-rate: 50, open-for: 60s}
        - id: slow
          paths: [/slow/**]
          legacy: %s
          modern: ${modern}
          mode: legacy
        - id: other
          paths: [/other/**]
          modern: ${modern}
          mode: legacy
        - id: other-modern
          paths: [/other-modern/**]
          modern: ${modern}
          mode: modern
      """
          .formatted(BLACK_HOLE.baseUrl(), SLOW.baseUrl());

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired MeterRegistry meters;

  GatewayClient client;

  @AfterAll
  static void stopBackends() {
    BLACK_HOLE.close();
    SLOW.close();
  }

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void blackHoleModern_twicePoolSizeOfClients_boundedByTimeout_breakerOpens_othersUnaffected()
      throws Exception {
    Duration baseline = p99(probe(60));

    int clients = 2 * POOL;
    int perClient = 6;
    ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
    try {
      List<Future<Timed>> holeCalls = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int clientNo = c;
        for (int i = 0; i < perClient; i++) {
          String path = "/hole/" + clientNo + "-" + i;
          holeCalls.add(pool.submit(() -> timed(() -> client.get(path))));
        }
      }
      Future<List<Duration>> during = pool.submit(() -> probe(60));
      int[] peak = new int[2];
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> {
            peak[0] = Math.max(peak[0], poolGauges("total.connections", BLACK_HOLE));
            peak[1] = Math.max(peak[1], poolGauges("pending.connections", BLACK_HOLE));
          },
          0,
          5,
          TimeUnit.MILLISECONDS);

      List<String> reasons = new ArrayList<>();
      for (Future<Timed> call : holeCalls) {
        Timed timed = call.get(30, TimeUnit.SECONDS);
        assertThat(timed.response().statusCode()).isEqualTo(200);
        assertThat(timed.response().body()).isEqualTo("legacy");
        assertThat(timed.took())
            .as("bounded by the route's timeout (500 ms), not by the black hole")
            .isLessThan(Duration.ofSeconds(3));
        reasons.add(timed.response().headers().firstValue("X-Strangler-Fallback").orElse("none"));
      }
      Duration duringP99 = p99(during.get(60, TimeUnit.SECONDS));
      sampler.shutdownNow();

      assertThat(reasons).isSubsetOf("timeout", "connect", "circuit_open");
      assertThat(fallbacks("hole", "timeout") + fallbacks("hole", "connect"))
          .as("the breaker opened after its minimum calls")
          .isBetween(8.0, (double) clients * 2);
      assertThat(fallbacks("hole", "circuit_open")).isPositive();
      assertThat(breakerState("hole")).isEqualTo("open");
      assertThat(peak[0])
          .as("the pool's bound on connections to one backend, as the pool counts them")
          .isLessThanOrEqualTo(POOL);
      assertThat(peak[1]).as("requests waiting for a connection").isLessThanOrEqualTo(PENDING);
      assertThat(duringP99)
          .as("other routes' p99 during the black hole (baseline %s)", baseline)
          .isLessThanOrEqualTo(max(baseline.multipliedBy(5), baseline.plusMillis(300)));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void slowLegacy_poolExhausted_waitingRequestsBounded_andTimedOutInto502Problems()
      throws Exception {
    int clients = POOL + PENDING + 4;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Timed>> calls = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String path = "/slow/" + i;
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return timed(() -> client.get(path));
                }));
      }
      start.countDown();

      List<Timed> answered = new ArrayList<>();
      List<Timed> refused = new ArrayList<>();
      for (Future<Timed> call : calls) {
        Timed timed = call.get(30, TimeUnit.SECONDS);
        (timed.response().statusCode() == 200 ? answered : refused).add(timed);
      }

      // each event loop's pool has its share of the bounds: as many are answered as there are
      // pooled connections that requests reached, never more than the bound
      assertThat(answered)
          .as("one per pooled connection")
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(POOL);
      assertThat(refused).hasSize(clients - answered.size());
      for (Timed timed : refused) {
        assertThat(timed.response().statusCode()).isEqualTo(502);
        assertThat(timed.response().headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");
        assertThat(timed.response().body()).contains("\"route\":\"slow\"");
        assertThat(timed.took())
            .as("refused at once (queue full) or after the acquire timeout (1 s)")
            .isLessThan(Duration.ofMillis(2900));
      }
      assertThat(SLOW.received()).hasSize(answered.size());
    } finally {
      pool.shutdownNow();
    }

    String prometheus = new GatewayClient(managementPort).get("/actuator/prometheus").body();
    String remote = "remote_address=\"127.0.0.1:" + portOf(SLOW) + "\"";
    assertThat(poolGauges("max.connections", SLOW))
        .as("the event loops' pools share the bound")
        .isLessThanOrEqualTo(POOL)
        .isGreaterThanOrEqualTo(POOL - EventLoopClients.pools(POOL, true) + 1);
    assertThat(poolGauges("max.pending.connections", SLOW)).isLessThanOrEqualTo(PENDING);
    assertThat(prometheus.lines().filter(line -> line.contains(remote)))
        .anyMatch(line -> line.startsWith("reactor_netty_connection_provider_max_connections"))
        .anyMatch(
            line -> line.startsWith("reactor_netty_connection_provider_max_pending_connections"))
        .anyMatch(line -> line.startsWith("reactor_netty_connection_provider_active_connections"))
        .anyMatch(line -> line.startsWith("reactor_netty_connection_provider_pending_connections"));
  }

  private List<Duration> probe(int requests) {
    List<Duration> took = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String path = i % 2 == 0 ? "/other/" + i : "/other-modern/" + i;
      Timed timed = timed(() -> client.get(path));
      assertThat(timed.response().statusCode()).isEqualTo(200);
      took.add(timed.took());
    }
    return took;
  }

  private static Duration p99(List<Duration> samples) {
    List<Duration> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Timed timed(java.util.function.Supplier<HttpResponse<String>> call) {
    long start = System.nanoTime();
    HttpResponse<String> response = call.get();
    return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
  }

  private static String portOf(RawHttpBackend backend) {
    return backend.baseUrl().substring(backend.baseUrl().lastIndexOf(':') + 1);
  }

  /**
   * A gauge of the gateway's pools for one backend, as Reactor Netty exports it, added up over the
   * event loops' pools.
   */
  private int poolGauges(String name, RawHttpBackend backend) {
    String port = ":" + portOf(backend);
    return (int)
        meters.find("reactor.netty.connection.provider." + name).gauges().stream()
            .filter(gauge -> String.valueOf(gauge.getId().getTag("remote.address")).endsWith(port))
            .mapToDouble(Gauge::value)
            .sum();
  }

  private double fallbacks(String route, String reason) {
    Counter counter =
        meters.find("strangler.fallbacks").tag("route", route).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private String breakerState(String route) {
    return meters.find("resilience4j.circuitbreaker.state").tag("name", route).gauges().stream()
        .filter(gauge -> gauge.value() == 1)
        .map(gauge -> gauge.getId().getTag("state"))
        .findFirst()
        .orElse("none");
  }

  record Timed(HttpResponse<String> response, Duration took) {}
}
