package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The two exceptions an operator can allow for a legacy application, {@code ;jsessionid=} path
 * parameters and encoded slashes: such a path is decided by the route it resolves to at the backend
 * and forwarded as the client sent it; everything else stays refused.
 */
@GatewayIT(
    properties = {
      "strangler.paths.allowed-parameters=jsessionid",
      "strangler.paths.allow-encoded-slash=true"
    })
class PathOptOutsIT {

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: cart
          paths: [/shop/cart]
          modern: ${modern}
          mode: modern
        - id: shop
          paths: [/shop/**]
          modern: ${modern}
          mode: legacy
        - id: files
          paths: [/files/*]
          modern: ${modern}
          mode: modern
        - id: docs
          paths: [/docs/**]
          modern: ${modern}
          mode: modern
        - id: secure
          paths: [/api/secure/**]
          modern: ${modern}
          mode: modern
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  RawHttp http;

  @BeforeEach
  void stubBackends() {
    http = RawHttp.ipv4(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // routes match the path without its allowed parameters, as a servlet container does
        "/shop/cart;jsessionid=ABC123         | cart      | modern",
        "/shop/cart;JSESSIONID=ABC123         | cart      | modern",
        "/shop/items;jsessionid=ABC123/42     | shop      | legacy",
        "/shop/items/42;jsessionid=ABC123?q=1 | shop      | legacy",
        // an encoded slash that leads to the same route read as data or as a separator
        "/docs/a%2Fb                          | docs      | modern",
        "/docs/guides%2f2024/intro            | docs      | modern",
        "/elsewhere/a%2Fb                     | catch-all | legacy"
      })
  void allowedShape_decidedAsResolved_forwardedAsSent(String target, String route, String side) {
    RawHttp.Response response = http.get(target);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-Strangler-Route")).isEqualTo(route);
    assertThat(response.body()).isEqualTo(side);
    List<ServeEvent> events = ("legacy".equals(side) ? legacy : modern).getAllServeEvents();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getRequest().getUrl()).isEqualTo(target);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the segment before an allowed parameter is checked as any other
        "/shop/..;jsessionid=1/cart           | dot_segment",
        "/shop/cart;other=1                   | path_parameter",
        "/shop/cart;jsessionid=1;other=2      | path_parameter",
        "/shop/cart%3Bjsessionid=1            | path_parameter",
        // the two readings of %2F lead to different routes
        "/files/report%2F2024                 | encoded_slash",
        "/api%2Fsecure/x                      | encoded_slash",
        "/shop%2Fcart                         | encoded_slash",
        // each piece between encoded slashes is checked as a segment
        "/docs/..%2Fsecure                    | dot_segment",
        "/docs/a%2F%2Fb                       | empty_segment",
        "/docs/a%2F.%2Fb                      | dot_segment",
        // what stays refused
        "/docs/a%5Cb                          | backslash",
        "/docs/%252F                          | encoded_percent",
        "/docs/%2e%2e/x                       | dot_segment"
      })
  void otherShapes_stayRefused(String target, String reason) {
    RawHttp.Response response = http.get(target);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
    assertThat(legacy.getAllServeEvents()).isEmpty();
    assertThat(modern.getAllServeEvents()).isEmpty();
  }
}
