package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.ForkedGateway;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.RulesFiles;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as a process of its own (the executable jar): the drain across a SIGTERM, and a start
 * refused for want of a setting.
 */
class GatewayProcessIT {

  static final String TOKEN = "process-test-admin-token-1";

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withoutRules();

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @BeforeEach
  void backends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
  }

  @Test
  void sigterm_turnsReadinessDownAtOnce_andServesEveryNewRequestThroughTheDrain() throws Exception {
    RulesFiles rules = backends.newRulesFile().write("legacy: ${legacy}\nroutes: []\n");
    try (ForkedGateway gateway =
        ForkedGateway.start(
            List.of(
                "--strangler.rules.location=" + rules.path(),
                "--strangler.admin.token=" + TOKEN,
                "--strangler.shutdown.drain=3s"))) {
      gateway.awaitReady(Duration.ofSeconds(90));

      AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
      AtomicLong terminatedAt = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger answeredAfterSigterm = new AtomicInteger();
      List<String> failures = new CopyOnWriteArrayList<>();
      ExecutorService load = Executors.newFixedThreadPool(4);
      for (int t = 0; t < 4; t++) {
        load.submit(
            () -> {
              GatewayClient client = gateway.client();
              for (int n = 0; System.nanoTime() < stopAt.get() && n < 100_000; n++) {
                long sent = System.nanoTime();
                try {
                  HttpResponse<String> response = client.get("/home/" + n);
                  if (response.statusCode() != 200) {
                    failures.add(response.statusCode() + " " + response.body());
                  } else if (sent > terminatedAt.get()) {
                    answeredAfterSigterm.incrementAndGet();
                  }
                } catch (RuntimeException ex) {
                  failures.add(ex.toString());
                }
              }
            });
      }
      Thread.sleep(500);
      terminatedAt.set(System.nanoTime());
      stopAt.set(terminatedAt.get() + TimeUnit.MILLISECONDS.toNanos(2500));
      gateway.terminate();

      long readinessDownAfter = -1;
      while (System.nanoTime() < terminatedAt.get() + TimeUnit.SECONDS.toNanos(2)) {
        if (gateway.management().get("/actuator/health/readiness").statusCode() == 503) {
          readinessDownAfter = System.nanoTime() - terminatedAt.get();
          break;
        }
        Thread.sleep(20);
      }
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(readinessDownAfter).as("readiness turned DOWN").isPositive();
      assertThat(Duration.ofNanos(readinessDownAfter)).isLessThan(Duration.ofSeconds(1));
      assertThat(failures).as("requests refused or failed during the drain").isEmpty();
      assertThat(answeredAfterSigterm.get()).isGreaterThan(20);
      gateway.awaitExit(Duration.ofSeconds(30));
      assertThat(gateway.log()).contains("Stopping: readiness is DOWN");
    }
  }

  @Test
  void fileStore_neverConnectsToRedis_evenWithARedisUrlConfigured() {
    RulesFiles rules = backends.newRulesFile().write("legacy: ${legacy}\nroutes: []\n");
    try (ForkedGateway gateway =
        ForkedGateway.start(
            List.of(
                "--strangler.rules.location=" + rules.path(),
                "--strangler.admin.token=" + TOKEN,
                "--spring.data.redis.url=redis://127.0.0.1:1"))) {
      gateway.awaitReady(Duration.ofSeconds(90));
      JsonNode health = AdminClient.parse(gateway.management().get("/actuator/health").body());

      assertThat(health.get("status").asString()).isEqualTo("UP");
      assertThat(health.get("components").has("redis")).isFalse();
      assertThat(health.get("components").get("stateStore").get("details").get("store").asString())
          .isEqualTo("file");
      assertThat(gateway.client().get("/home").statusCode()).isEqualTo(200);
      assertThat(gateway.log()).doesNotContainIgnoringCase("lettuce").doesNotContain("6379");
    }
  }

  @Test
  void redisStore_withoutAnAdminToken_refusesToStart_namingTheSetting() {
    RulesFiles rules = backends.newRulesFile().write("legacy: ${legacy}\nroutes: []\n");
    try (ForkedGateway gateway =
        ForkedGateway.start(
            List.of(
                "--strangler.rules.location=" + rules.path(),
                "--strangler.state.store=redis",
                "--spring.data.redis.url=redis://127.0.0.1:1"))) {
      assertThat(gateway.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(gateway.log())
          .contains("strangler.admin.token: <missing> (expected: a token when")
          .contains("strangler.state.store=redis");
    }
  }
}
