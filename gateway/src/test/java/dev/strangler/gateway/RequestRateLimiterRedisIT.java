package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayReplica;
import dev.strangler.gateway.support.RedisServer;
import dev.strangler.rules.RulesValidationException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RequestRateLimiter on Spring Cloud Gateway's Redis rate limiter, with a real redis-server and two
 * gateways on the redis state store: one budget per route, side and sticky key, shared by the
 * replicas, with the limits of the rules file.
 *
 * <p>The limits make the counting independent of the machine's speed: a request takes all 60 tokens
 * of a bucket that refills one per second, so a second request within a minute is refused.
 */
class RequestRateLimiterRedisIT {

  static final String TOKEN = "limiter-redis-admin-token-01";

  static final String FORCE_TOKEN = "limiter-redis-force-token";

  @RegisterExtension static RedisServer redis = RedisServer.newInstance();

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withoutRules();

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  static final String LIMITS =
      """
              - name: RequestRateLimiter
                args:
                  redis-rate-limiter: {replenishRate: 1, burstCapacity: 60, requestedTokens: 60}
      """;

  static final List<GatewayReplica> replicas = new ArrayList<>();

  static List<String> args(String rules) {
    return List.of(
        "--strangler.rules.location=" + rules,
        "--strangler.state.store=redis",
        "--spring.data.redis.url=" + redis.url(),
        "--strangler.override.token=" + FORCE_TOKEN);
  }

  @BeforeAll
  static void startReplicas() {
    String rules =
        backends
            .newRulesFile()
            .write(
                """
                legacy: ${legacy}
                routes:
                  - id: orders
                    paths: [/api/orders/**]
                    modern: ${modern}
                    mode: modern
                    sticky-by: [header:X-User-Id]
                    modern-filters:
                %s
                    legacy-filters:
                %s
                """
                    .formatted(LIMITS, LIMITS))
            .path()
            .toString();
    for (int i = 0; i < 2; i++) {
      replicas.add(GatewayReplica.start(TOKEN, args(rules)));
    }
  }

  @AfterAll
  static void stopReplicas() {
    replicas.forEach(GatewayReplica::close);
  }

  @BeforeEach
  void stubBackends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void budgetPerRouteSideAndStickyKey_sharedByTheReplicasThroughRedis() {
    HttpResponse<String> first =
        replicas.get(0).client().get("/api/orders/1", "X-User-Id", "alice");
    HttpResponse<String> again =
        replicas.get(1).client().get("/api/orders/1", "X-User-Id", "alice");
    HttpResponse<String> bob = replicas.get(1).client().get("/api/orders/1", "X-User-Id", "bob");
    HttpResponse<String> aliceOnLegacy =
        replicas
            .get(1)
            .client()
            .get(
                "/api/orders/1",
                "X-User-Id",
                "alice",
                "X-Strangler-Force",
                "legacy",
                "X-Strangler-Force-Token",
                FORCE_TOKEN);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("modern");
    assertThat(first.headers().firstValue("X-RateLimit-Burst-Capacity")).hasValue("60");
    assertThat(again.statusCode())
        .as("alice's budget on modern was spent on the other replica")
        .isEqualTo(429);
    assertThat(bob.statusCode()).isEqualTo(200);
    assertThat(aliceOnLegacy.statusCode()).as("legacy has a budget of its own").isEqualTo(200);
    assertThat(aliceOnLegacy.body()).isEqualTo("legacy");
    assertThat(redis.command("EXISTS", "request_rate_limiter.{orders.modern.alice}.tokens"))
        .isEqualTo("1");
    assertThat(redis.command("EXISTS", "request_rate_limiter.{orders.legacy.alice}.tokens"))
        .isEqualTo("1");
  }

  @Test
  void invalidLimits_refusedAtStartUp_withTheEntrysPath() {
    String rules =
        backends
            .newRulesFile()
            .write(
                """
                legacy: ${legacy}
                routes:
                  - id: orders
                    paths: [/api/orders/**]
                    modern: ${modern}
                    mode: modern
                    modern-filters:
                      - name: RequestRateLimiter
                        args: {redis-rate-limiter.replenishRate: 0}
                      - name: RequestRateLimiter
                        args: {denyEmptyKey: false}
                """)
            .path()
            .toString();

    assertThatThrownBy(() -> GatewayReplica.start(TOKEN, args(rules)))
        .rootCause()
        .isInstanceOf(RulesValidationException.class)
        .hasMessageContaining(
            "routes[0].modern-filters[0]: RequestRateLimiter {redis-rate-limiter.replenishRate: 0}"
                + " (expected: RequestRateLimiter, or RequestRateLimiter with arguments by name")
        .hasMessageContaining("replenishRate must be greater than or equal to 1")
        .hasMessageContaining(
            "routes[0].modern-filters[1]: RequestRateLimiter {denyEmptyKey: false} (expected:")
        .hasMessageContaining("redis-rate-limiter.replenishRate and the other limits");
  }
}
