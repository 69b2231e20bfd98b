package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayReplica;
import dev.strangler.gateway.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two gateways on one Redis show the same history and progress: each replica's slots, published
 * through the shared figures, are added to the other's; the figures since start and the catch-all's
 * path shapes add up both.
 */
class ReplicaHistoryIT {

  static final String TOKEN = "replica-history-token-0001";

  @RegisterExtension static RedisServer redis = RedisServer.newInstance();

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: catalog
          paths: [/catalog/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [header:X-User-Id]
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  /** Closed together after the test: closing one context disposes the shared event loops. */
  static final List<GatewayReplica> replicas = new ArrayList<>();

  @BeforeAll
  static void startReplicas() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    String prefix = "history-" + UUID.randomUUID() + ":";
    List<String> args =
        List.of(
            "--strangler.rules.location=" + backends.rules().path(),
            "--strangler.state.store=redis",
            "--spring.data.redis.url=" + redis.url(),
            "--strangler.state.redis.key-prefix=" + prefix,
            "--strangler.state.redis.figures-interval=200ms",
            "--strangler.state.redis.figures-ttl=2s",
            "--strangler.history.resolution=1s",
            "--strangler.history.window=2m");
    for (int i = 0; i < 2; i++) {
      replicas.add(GatewayReplica.start(TOKEN, args));
    }
  }

  @AfterAll
  static void stopReplicas() {
    replicas.forEach(GatewayReplica::close);
    replicas.clear();
  }

  @Test
  void historyAndProgress_addUpBothReplicas_onEach() {
    for (int i = 0; i < 10; i++) {
      replicas.get(0).client().get("/catalog/" + i, "X-User-Id", "first-" + i);
    }
    for (int i = 0; i < 15; i++) {
      replicas.get(1).client().get("/catalog/" + i, "X-User-Id", "second-" + i);
    }
    replicas.get(0).client().get("/legacy-app/items/1");
    replicas.get(1).client().get("/legacy-app/items/2");
    replicas.get(1).client().get("/legacy-app/items/3");

    for (GatewayReplica replica : replicas) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                long requests = 0;
                for (JsonNode point :
                    replica.admin().json("/admin/routes/catalog/history").get("points")) {
                  requests +=
                      point.at("/legacy/requests").asLong() + point.at("/modern/requests").asLong();
                }
                assertThat(requests).isEqualTo(25);
                JsonNode progress = replica.admin().json("/admin/progress");
                assertThat(progress.at("/overall/sinceStart/requests").asLong()).isEqualTo(28);
                assertThat(progress.at("/overall/lastHour/requests").asLong()).isEqualTo(28);
                assertThat(progress.at("/catchAll/shapes/0/template").asString())
                    .isEqualTo("/legacy-app/items/{id}");
                assertThat(progress.at("/catchAll/shapes/0/requests").asLong()).isEqualTo(3);
              });
    }
  }
}
