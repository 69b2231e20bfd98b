package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.rules.RulesParser;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

@GatewayIT(properties = {"strangler.rules.poll-interval=100ms"})
@DirtiesContext
class RulesReloadIT {

  static String canaryAt(String percent) {
    return """
    legacy: ${legacy}
    routes:
      - id: orders
        paths: [/api/orders/**]
        modern: ${modern}
        mode: canary
        percent: %s
        sticky-by: [header:X-User-Id]
    """
        .formatted(percent);
  }

  @RegisterExtension
  static final GatewayBackends backends = GatewayBackends.withRules(canaryAt("10"));

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @Autowired RulesFileWatcher watcher;

  @Autowired RulesParser parser;

  @Autowired MeterRegistry registry;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    reloadTo(canaryAt("10"));
  }

  @Test
  void percentRaisedByReload_keepsEveryModernUserOnModern() {
    Set<String> modernAt10 = usersOnModern(300);
    assertThat(modernAt10).isNotEmpty();

    reloadTo(canaryAt("12.5"));
    Set<String> modernAt12 = usersOnModern(300);
    reloadTo(canaryAt("40"));
    Set<String> modernAt40 = usersOnModern(300);

    assertThat(modernAt12).containsAll(modernAt10);
    assertThat(modernAt40).containsAll(modernAt12).hasSizeGreaterThan(modernAt12.size());
  }

  @Test
  void invalidReload_isRefusedWithPathAndValue_andRoutingStays() {
    Set<String> before = usersOnModern(200);
    String version = watcher.status().version();
    double refusedBefore = reloads("refused");
    double appliedBefore = reloads("applied");

    backends.rules().write(canaryAt("150"));
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> watcher.status().failing());

    assertThat(watcher.status().errors()).contains("routes[0].percent: 150 (expected: 0..100)");
    assertThat(watcher.status().version()).isEqualTo(version);
    assertThat(usersOnModern(200)).isEqualTo(before);
    assertThat(registry.get("strangler.rules.refused").gauge().value()).isEqualTo(1);
    assertThat(reloads("refused")).isEqualTo(refusedBefore + 1);

    // undone: the rules in force are the file again, nothing was reloaded
    reloadTo(canaryAt("10"));
    assertThat(watcher.status().failing()).isFalse();
    assertThat(registry.get("strangler.rules.refused").gauge().value()).isZero();
    assertThat(reloads("refused")).isEqualTo(refusedBefore + 1);
    assertThat(reloads("applied")).isEqualTo(appliedBefore);
    reloadTo(canaryAt("11"));
    assertThat(reloads("applied")).isEqualTo(appliedBefore + 1);
  }

  private double reloads(String result) {
    return registry.get("strangler.rules.reloads").tag("result", result).counter().count();
  }

  @Test
  void reloadsUnderLoad_failNoRequestInFlight() throws Exception {
    legacy.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withStatus(200).withBody("legacy").withFixedDelay(20)));
    modern.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withStatus(200).withBody("modern").withFixedDelay(20)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<Integer> statuses = new ArrayList<>();
                  for (int i = 0; i < 60; i++) {
                    statuses.add(
                        client
                            .get("/api/orders/" + i, "X-User-Id", "load-" + thread + "-" + i)
                            .statusCode());
                  }
                  return statuses;
                }));
      }
      for (String percent : List.of("20", "35", "50", "75", "100", "0")) {
        reloadTo(canaryAt(percent));
      }
      for (Future<List<Integer>> result : results) {
        assertThat(result.get()).hasSize(60).containsOnly(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void reloadTo(String yaml) {
    String expected = parser.parse(backends.rules().write(yaml).text()).version();
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !watcher.status().failing() && watcher.status().version().equals(expected));
  }

  private Set<String> usersOnModern(int users) {
    Set<String> onModern = new HashSet<>();
    for (int i = 0; i < users; i++) {
      String user = "u" + i;
      if ("modern".equals(client.get("/api/orders/1", "X-User-Id", user).body())) {
        onModern.add(user);
      }
    }
    return onModern;
  }
}
