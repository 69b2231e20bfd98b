package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The embedded demo a newcomer starts: routing, fallback and shadow at once. */
@GatewayIT
@ActiveProfiles("demo")
class DemoIT {

  @LocalServerPort int port;

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
