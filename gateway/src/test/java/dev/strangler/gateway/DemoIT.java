package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/** The embedded demo a newcomer starts: routing, fallback and shadow at once. */
@GatewayIT
@ActiveProfiles("demo")
class DemoIT {

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  GatewayClient client;

  @BeforeEach
  void client() {
    client = new GatewayClient(port);
  }

  @Test
  void canaryRoute_splitsUsersBetweenTheDemoServices() {
    int onModern = 0;
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> response =
          client.get("/api/catalog/items", "X-User-Id", "demo-user-" + i);
      String target = response.headers().firstValue("X-Strangler-Target").orElseThrow();
      assertThat(response.body()).contains("\"engine\":\"" + target + "\"");
      onModern += "modern".equals(target) ? 1 : 0;
    }
    assertThat(onModern).isBetween(25, 75);
  }

  /** The users of the README's canary loop: two on each side at 50 %. */
  @ParameterizedTest
  @CsvSource({"alice, legacy", "bob, legacy", "frank, modern", "grace, modern"})
  void readmeCanaryUsers_showBothSides(String user, String side) {
    HttpResponse<String> response = client.get("/api/catalog/items", "X-User-Id", user);

    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue(side);
  }

  @Test
  void brokenModernPayments_dashboardRow_countsTheFallbacksForModern() {
    for (int i = 0; i < 3; i++) {
      client.get("/api/payments/" + i);
    }

    JsonNode traffic =
        new AdminClient(managementPort, "demo-admin-token-0001")
            .json("/admin/routes/payments")
            .get("traffic");

    assertThat(traffic.at("/legacy/requests").asLong()).isZero();
    assertThat(traffic.at("/legacy/p99Ms").isNull()).isTrue();
    assertThat(traffic.at("/modern/requests").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(traffic.at("/modern/errors").asLong())
        .isEqualTo(traffic.at("/modern/requests").asLong());
    assertThat(traffic.at("/modern/p99Ms").isNumber()).isTrue();
  }

  @Test
  void brokenModernPayments_fallBackToLegacy() {
    HttpResponse<String> response = client.get("/api/payments/7");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"by\":\"legacy\"");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("status");
  }

  @Test
  void shadowRoute_isAnsweredByLegacy() {
    HttpResponse<String> response = client.get("/api/orders/42");

    assertThat(response.headers().firstValue("X-Strangler-Target")).hasValue("legacy");
    assertThat(response.body()).contains("\"total\":42.5").doesNotContain("currency");
  }

  @Test
  void unmigratedPath_goesToLegacy() {
    HttpResponse<String> response = client.get("/home");

    assertThat(response.headers().firstValue("X-Strangler-Route")).hasValue("catch-all");
    assertThat(response.body()).contains("answered by legacy");
  }
}
