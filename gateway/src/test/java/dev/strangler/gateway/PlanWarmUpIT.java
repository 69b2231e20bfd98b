package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.RulesFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A plan over a modern side that is slow only for its first seconds (a cold start): the warm-up
 * leaves those calls out of the latency gate, the gate then finds modern no slower than legacy, and
 * the plan walks to the end. The audit entry of the step shows the test that decided.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "strangler.plans.evaluate-interval=200ms",
      "strangler.admin.token=" + PlanWarmUpIT.TOKEN
    })
class PlanWarmUpIT {

  static final String TOKEN = "plan-warm-up-admin-token-1";

  /** How long modern stays slow after its step starts; the warm-up is longer. */
  static final Duration COLD = Duration.ofSeconds(2);

  @RegisterExtension
  static WireMockExtension legacy =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension modern =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

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
            step-duration: 5s
            min-requests: 20
            max-error-rate: 5
            max-latency-ratio: 1.5
            warm-up: 4s
      """;

  @DynamicPropertySource
  static void rules(DynamicPropertyRegistry registry) {
    registry.add(
        "strangler.rules.location",
        () -> RulesFiles.create(legacy, modern).write(RULES).path().toString());
  }

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
            .willReturn(aResponse().withStatus(200).withFixedDelay(400).withBody("modern")));
    await().atMost(Duration.ofSeconds(10)).until(() -> step(admin) == 1);
    // the step starts over now, so that the cold start falls inside its warm-up
    assertThat(pause(admin, "pause").statusCode()).isEqualTo(200);
    assertThat(pause(admin, "resume").statusCode()).isEqualTo(200);
    Instant stepStarted = Instant.parse(simulate(admin).get("stepStartedAt").asString());

    AtomicInteger user = new AtomicInteger();
    List<Long> slowModernCalls = new ArrayList<>();
    boolean warm = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!"modern".equals(admin.json("/admin/routes/catalog").get("mode").asString())) {
      assertThat(System.nanoTime()).as("the plan completes within 90 s").isLessThan(deadline);
      if (!warm && Instant.now().isAfter(stepStarted.plus(COLD))) {
        modern.stubFor(
            any(anyUrl())
                .willReturn(aResponse().withStatus(200).withFixedDelay(20).withBody("modern")));
        warm = true;
      }
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        String body = client.get("/catalog/item", "X-User-Id", "u" + user.incrementAndGet()).body();
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if ("modern".equals(body) && millis >= 350) {
          slowModernCalls.add(millis);
        }
      }
    }

    assertThat(slowModernCalls).as("modern was slow at the start of the step").isNotEmpty();
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
    assertThat(latency.get("modernSamples").asLong()).isPositive();
    assertThat(latency.get("legacySamples").asLong()).isPositive();
    assertThat(latency.get("limit").asDouble()).isEqualTo(1.5);
    assertThat(step.get("figures").get("modern-p99-ms").asDouble())
        .as("the slow calls of the warm-up are not among the samples")
        .isLessThan(300);
    assertThat(gate(step, "error-rate").get("verdict").asString()).isEqualTo("passed");
    assertThat(step.get("reason").asString()).contains("latency-ratio passed (limit 1.5 x legacy");
  }

  private static int step(AdminClient admin) {
    JsonNode plan = admin.json("/admin/routes/catalog").get("plan");
    return plan.get("step").isNull() ? 0 : plan.get("step").asInt();
  }

  private static java.net.http.HttpResponse<String> pause(AdminClient admin, String move) {
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
