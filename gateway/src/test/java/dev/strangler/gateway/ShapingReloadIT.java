package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.rules.RulesParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A route's filters change with the rules file, at once and as a whole; a bad change is refused.
 */
@GatewayIT(properties = "strangler.rules.poll-interval=100ms")
class ShapingReloadIT {

  static final AtomicInteger REQUESTS = new AtomicInteger();

  static String withModernFilters(String filters) {
    return """
    legacy: ${legacy}
    routes:
      - id: orders
        paths: [/shop/api/orders/**]
        modern: ${modern}
        mode: modern
        modern-filters: %s
    """
        .formatted(filters);
  }

  static final String STRIP_ONE = withModernFilters("[StripPrefix=1, \"SetRequestHeader=X-V, 1\"]");

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(STRIP_ONE);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @Autowired RulesFileWatcher watcher;

  @Autowired RulesParser parser;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    reloadTo(STRIP_ONE);
  }

  @Test
  void reload_changesTheFiltersOfTheNextRequests_allTogether() {
    assertThat(modernReceived()).isEqualTo("/api/orders/1 X-V=1");

    reloadTo(withModernFilters("[StripPrefix=2, \"SetRequestHeader=X-V, 2\"]"));

    assertThat(modernReceived()).isEqualTo("/orders/1 X-V=2");
  }

  @Test
  void invalidReload_refusedWithThePathOfEachEntry_filtersInForceStay() {
    String version = watcher.status().version();

    backends
        .rules()
        .write(withModernFilters("[StripPrefix=2, Foo=1, \"SetPath=#{@environment}\"]"));
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> watcher.status().failing());

    assertThat(watcher.status().errors())
        .hasSize(2)
        .satisfiesExactly(
            unknown ->
                assertThat(unknown)
                    .startsWith(
                        "routes[0].modern-filters[1]: Foo=1 (expected: one of StripPrefix,"),
            expression ->
                assertThat(expression)
                    .isEqualTo(
                        "routes[0].modern-filters[2]: SetPath=#{@environment} (expected: no #{ in"
                            + " a filter: no expression is evaluated from the rules file)"));
    assertThat(watcher.status().version()).isEqualTo(version);
    assertThat(modernReceived()).isEqualTo("/api/orders/1 X-V=1");
  }

  @Test
  void reloadWithABadArgument_refused_withTheFiltersUsage() {
    backends.rules().write(withModernFilters("[StripPrefix=x, \"RewritePath=/(?<rest, /v2\"]"));
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> watcher.status().failing());

    List<String> errors = watcher.status().errors();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("routes[0].modern-filters[0]: StripPrefix=x (expected:");
    assertThat(errors.get(0)).contains("StripPrefix=<parts>");
    assertThat(errors.get(1))
        .startsWith(
            "routes[0].modern-filters[1]: RewritePath=/(?<rest, /v2 (expected:"
                + " RewritePath=<regexp>, <replacement> (");
    assertThat(modernReceived()).isEqualTo("/api/orders/1 X-V=1");
  }

  @Test
  void reloadsUnderLoad_eachCallHasTheFiltersOfOneVersion() throws Exception {
    String stripTwo = withModernFilters("[StripPrefix=2, \"SetRequestHeader=X-V, 2\"]");
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int sender = 0; sender < 4; sender++) {
        sent.add(
            senders.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    assertThat(client.get("/shop/api/orders/1", "X-Test-Case", "load").body())
                        .isEqualTo("modern");
                  }
                }));
      }
      for (int reload = 0; reload < 4; reload++) {
        reloadTo(reload % 2 == 0 ? stripTwo : STRIP_ONE);
      }
      for (Future<?> done : sent) {
        done.get(60, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }

    List<LoggedRequest> received =
        modern.findAll(anyRequestedFor(anyUrl()).withHeader("X-Test-Case", equalTo("load")));
    assertThat(received).hasSize(200);
    assertThat(received)
        .extracting(request -> request.getUrl() + " X-V=" + request.getHeader("X-V"))
        .allSatisfy(seen -> assertThat(seen).isIn("/api/orders/1 X-V=1", "/orders/1 X-V=2"));
  }

  /** Sends one request and tells what modern received: path and X-V header. */
  private String modernReceived() {
    String id = "reload-" + REQUESTS.incrementAndGet();
    assertThat(client.get("/shop/api/orders/1", "X-Test-Case", id).body()).isEqualTo("modern");
    List<LoggedRequest> received =
        modern.findAll(anyRequestedFor(anyUrl()).withHeader("X-Test-Case", equalTo(id)));
    assertThat(received).hasSize(1);
    return received.get(0).getUrl() + " X-V=" + received.get(0).getHeader("X-V");
  }

  private void reloadTo(String yaml) {
    String expected = parser.parse(backends.rules().write(yaml).text()).version();
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !watcher.status().failing() && watcher.status().version().equals(expected));
  }
}
