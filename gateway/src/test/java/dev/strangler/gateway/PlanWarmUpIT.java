package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.rules.StickyBucket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A plan over a modern side that is slow only at the start of its step (a cold start): the warm-up
 * leaves those calls out of the latency gate, the gate then finds modern no slower than legacy
 * allows, and the plan walks to the end. The audit entry of the step shows the test that decided.
 *
 * <p>Built for a loaded machine: the slow calls are a fixed handful sent to users the percent puts
 * on modern right after the step starts over, well inside the warm-up; the rest is polled with a
 * bound.
 */
@GatewayIT(
    properties = {
      "strangler.plans.evaluate-interval=200ms",
      "strangler.admin.token=" + PlanWarmUpIT.TOKEN
    })
class PlanWarmUpIT {

  static final String TOKEN = "plan-warm-up-admin-token-1";

  /** The warm-up of the plan's steps, in which the slow calls fall. */
  static final Duration WARM_UP = Duration.ofSeconds(6);

  /** How many calls of the cold start are slow, and how slow. */
  static final int SLOW_CALLS = 5;

  static final int SLOW_MILLIS = 300;

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: catalog
          paths: [/catalog/**]
          modern: ${modern}
          mode: canary
          sticky-by: [header:X-User-Id]
          plan:
            steps: [50, 100]
            step-duration: 6s
            min-requests: 20
            max-error-rate: 5
            max-latency-ratio: 1.5
            warm-up: 6s
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Test
  void modernSlowOnlyAtItsStart_planStillCompletes_theSlowCallsLeftOutOfTheGate() {
    GatewayClient client = new GatewayClient(port);
    AdminClient admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withStatus(200).withFixedDelay(20).withBody("legacy")));
    modern.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse().withStatus(200).withFixedDelay(SLOW_MILLIS).withBody("modern")));
    await().atMost(Duration.ofSeconds(30)).until(() -> step(admin) == 1);
    // the step starts over now, so that the cold start falls inside its warm-up
    assertThat(steer(admin, "pause").statusCode()).isEqualTo(200);
    assertThat(steer(admin, "resume").statusCode()).isEqualTo(200);
    Instant stepStarted = Instant.parse(simulate(admin).get("stepStartedAt").asString());

    List<Long> slowModernCalls = new ArrayList<>();
    for (String user : modernUsers(SLOW_CALLS)) {
      long start = System.nanoTime();
      HttpResponse<String> response = client.get("/catalog/item", "X-User-Id", user);
      assertThat(response.body()).isEqualTo("modern");
      slowModernCalls.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
    }
    assertThat(slowModernCalls).allSatisfy(millis -> assertThat(millis).isGreaterThan(250));
    assertThat(Instant.now())
        .as("the slow calls ended inside the warm-up (a machine too slow for this test otherwise)")
        .isBefore(stepStarted.plus(WARM_UP));
    modern.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withStatus(200).withFixedDelay(20).withBody("modern")));

    AtomicInteger user = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              for (int i = 0; i < 10; i++) {
                client.get("/catalog/item", "X-User-Id", "u" + user.incrementAndGet());
              }
              return "modern".equals(admin.json("/admin/routes/catalog").get("mode").asString());
            });

    JsonNode step =
        audit(admin).stream()
            .filter(entry -> entry.get("action").asString().equals("plan-step"))
            .filter(entry -> entry.get("from").get("percent").asInt() == 50)
            .filter(entry -> entry.get("to").get("percent").asInt() == 100)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no move from 50 to 100 in " + audit(admin)));
    JsonNode latency = gate(step, "latency-ratio");
    assertThat(latency.get("verdict").asString()).isEqualTo("passed");
    assertThat(latency.get("test").asString()).isEqualTo("mann-whitney-u");
    assertThat(latency.get("pWithin").asDouble()).isLessThan(0.05);
    assertThat(latency.get("modernSamples").asLong()).isGreaterThanOrEqualTo(10);
    assertThat(latency.get("legacySamples").asLong()).isGreaterThanOrEqualTo(10);
    assertThat(latency.get("limit").asDouble()).isEqualTo(1.5);
    JsonNode figures = step.get("figures");
    assertThat(figures.get("modern-requests").asDouble())
        .as("the slow calls count as requests")
        .isGreaterThanOrEqualTo(figures.get("modern-latency-samples").asDouble() + SLOW_CALLS);
    assertThat(figures.get("modern-p99-ms").asDouble())
        .as("the slow calls of the warm-up are not among the samples")
        .isLessThan(250);
    assertThat(gate(step, "error-rate").get("verdict").asString()).isEqualTo("passed");
    assertThat(step.get("reason").asString()).contains("latency-ratio passed (limit 1.5 x legacy");
  }

  /** Users the step's 50 % sends to modern, by the bucket formula. */
  private static List<String> modernUsers(int count) {
    StickyBucket bucket = StickyBucket.forSalt("catalog");
    List<String> users = new ArrayList<>();
    for (int i = 0; users.size() < count; i++) {
      if (bucket.bucket("cold-" + i) < 5000) {
        users.add("cold-" + i);
      }
    }
    return users;
  }

  private static int step(AdminClient admin) {
    JsonNode plan = admin.json("/admin/routes/catalog").get("plan");
    return plan.get("step").isNull() ? 0 : plan.get("step").asInt();
  }

  private static HttpResponse<String> steer(AdminClient admin, String move) {
    return admin.send(
        "POST", "/admin/routes/catalog/plan/" + move, "{\"reason\":\"start the step over\"}");
  }

  private static JsonNode simulate(AdminClient admin) {
    return AdminClient.parse(admin.send("POST", "/admin/routes/catalog/plan/simulate", "").body());
  }

  private static List<JsonNode> audit(AdminClient admin) {
    List<JsonNode> entries = new ArrayList<>();
    admin.json("/admin/audit?route=catalog").get("entries").forEach(entries::add);
    return entries;
  }

  private static JsonNode gate(JsonNode entry, String name) {
    for (JsonNode gate : entry.get("gates")) {
      if (gate.get("gate").asString().equals(name)) {
        return gate;
      }
    }
    throw new AssertionError("no gate " + name + " in " + entry);
  }
}
