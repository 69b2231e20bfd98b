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
import dev.strangler.gateway.support.CountingRateLimiter;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;

/**
 * RequestRateLimiter in a route's filters: one budget per side of the route, counted by the route's
 * sticky key (else the client's address), with the limits given in the rules file. The limiter is
 * an application's, on Spring Cloud Gateway's rate limiter SPI, in memory: the Redis limiter goes
 * through the same factory, key resolver and route ids.
 */
@GatewayIT(properties = "strangler.override.token=" + RequestRateLimiterIT.FORCE_TOKEN)
class RequestRateLimiterIT {

  static final String FORCE_TOKEN = "limiter-force-token";

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/api/orders/**]
          modern: ${modern}
          mode: modern
          sticky-by: [header:X-User-Id]
          modern-filters:
            - name: RequestRateLimiter
              args: {counting-rate-limiter.limit: 2}
          legacy-filters:
            - name: RequestRateLimiter
              args:
                counting-rate-limiter:
                  limit: 1
        - id: mirrored
          paths: [/api/mirrored/**]
          modern: ${modern}
          mode: shadow
          sticky-by: [header:X-User-Id]
          legacy-filters:
            - "SetRequestHeader=X-Side, legacy"
            - name: RequestRateLimiter
              args: {counting-rate-limiter.limit: 1}
          shadow: {secondary: "${legacy}"}
        - id: anonymous
          paths: [/api/anonymous/**]
          modern: ${modern}
          mode: modern
          modern-filters:
            - name: RequestRateLimiter
              args: {counting-rate-limiter.limit: 1}
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @TestConfiguration
  static class InMemoryLimiter {

    @Bean
    CountingRateLimiter countingRateLimiter(ConfigurationService configuration) {
      return new CountingRateLimiter(configuration);
    }
  }

  @LocalServerPort int port;

  @Autowired CircuitBreakerRegistry breakers;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void eachSideHasItsOwnBudget_perStickyKey() {
    List<Integer> alice = statuses("/api/orders/1", 3, "X-User-Id", "alice");
    List<Integer> bob = statuses("/api/orders/1", 1, "X-User-Id", "bob");
    List<Integer> aliceOnLegacy =
        statuses(
            "/api/orders/1",
            2,
            "X-User-Id",
            "alice",
            "X-Strangler-Force",
            "legacy",
            "X-Strangler-Force-Token",
            FORCE_TOKEN);

    assertThat(alice).containsExactly(200, 200, 429);
    assertThat(bob).containsExactly(200);
    assertThat(aliceOnLegacy).containsExactly(200, 429);
    modern.verify(2, anyRequestedFor(anyUrl()).withHeader("X-User-Id", equalTo("alice")));
    modern.verify(1, anyRequestedFor(anyUrl()).withHeader("X-User-Id", equalTo("bob")));
    legacy.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void limitedByModernsFilter_noFallback_breakerNotCounted() {
    statuses("/api/orders/2", 2, "X-User-Id", "carol");
    long before = breakers.circuitBreaker("orders").getMetrics().getNumberOfBufferedCalls();

    List<Integer> limited = statuses("/api/orders/2", 1, "X-User-Id", "carol");

    assertThat(limited).containsExactly(429);
    legacy.verify(0, anyRequestedFor(anyUrl()));
    assertThat(breakers.circuitBreaker("orders").getMetrics().getNumberOfBufferedCalls())
        .isEqualTo(before);
  }

  @Test
  void copyToTheSecondLegacy_getsLegacysFilters_butIsNotCountedByItsLimiter() {
    assertThat(client.get("/api/mirrored/1", "X-User-Id", "dave").statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> legacy.findAll(anyRequestedFor(anyUrl())).size() == 2);
    List<LoggedRequest> toLegacy = legacy.findAll(anyRequestedFor(anyUrl()));
    assertThat(toLegacy)
        .extracting(request -> request.getHeader("X-Side"))
        .containsExactly("legacy", "legacy");
    assertThat(toLegacy)
        .extracting(request -> request.containsHeader("X-Strangler-Shadow"))
        .containsExactlyInAnyOrder(true, false);
    assertThat(client.get("/api/mirrored/1", "X-User-Id", "dave").statusCode())
        .as("dave's budget on legacy is 1, taken by his first request alone")
        .isEqualTo(429);
    // the second request's copies still go out: wait for them, so none reaches a later test
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                legacy.findAll(anyRequestedFor(anyUrl())).size() == 3
                    && modern.findAll(anyRequestedFor(anyUrl())).size() == 2);
  }

  @Test
  void noStickyKey_keyedByTheClientsAddress() {
    assertThat(statuses("/api/anonymous/1", 2)).containsExactly(200, 429);
  }

  private List<Integer> statuses(String path, int requests, String... headers) {
    return IntStream.range(0, requests)
        .mapToObj(i -> client.get(path, headers).statusCode())
        .toList();
  }
}
