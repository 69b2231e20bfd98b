package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.rules.StickyBucket;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code assign-cookie} through the running gateway: an anonymous browser gets a key as a cookie
 * and keeps its side with it; the cookie's attributes; the backend's own cookies beside it.
 */
@GatewayIT(
    properties = {
      "strangler.assign-cookie.max-age=7d",
      // the test client connects from loopback: it plays the trusted load balancer
      "strangler.forwarded.trusted-proxies=127.0.0.1/32"
    })
class AssignCookieIT {

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: pages
          paths: [/pages/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [cookie:session, assign-cookie]
        - id: shop
          paths: [/shop/**]
          modern: ${modern}
          mode: canary
          percent: 100
          sticky-by: [assign-cookie:sid]
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  GatewayClient client;

  @BeforeEach
  void setUp() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  private static List<String> setCookies(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie");
  }

  private static HttpCookie assigned(HttpResponse<String> response, String name) {
    return setCookies(response).stream()
        .flatMap(header -> HttpCookie.parse(header).stream())
        .filter(cookie -> cookie.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + setCookies(response)));
  }

  @Test
  void anonymousBrowser_getsAKeyCookie_andKeepsItsSideWithIt() {
    HttpResponse<String> first = client.get("/pages/home");

    HttpCookie key = assigned(first, "strangler-key");
    String header =
        setCookies(first).stream()
            .filter(h -> h.startsWith("strangler-key="))
            .findFirst()
            .orElseThrow();
    assertThat(key.getValue()).matches("[0-9a-f]{32}");
    assertThat(header)
        .contains("Path=/")
        .contains("Max-Age=604800")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax")
        .doesNotContain("Secure");
    String side = StickyBucket.forSalt("pages").bucket(key.getValue()) < 5000 ? "modern" : "legacy";
    assertThat(first.body()).isEqualTo(side);
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> next =
          client.get("/pages/page-" + i, "Cookie", "strangler-key=" + key.getValue());
      assertThat(next.body()).isEqualTo(side);
      assertThat(setCookies(next)).as("no new key once the browser has one").isEmpty();
    }
  }

  @Test
  void twoHundredAnonymousBrowsers_splitByThePercent_eachOnItsSide() {
    int modernBrowsers = 0;
    for (int browser = 0; browser < 200; browser++) {
      HttpResponse<String> first = client.get("/pages/home");
      String key = assigned(first, "strangler-key").getValue();
      for (int page = 0; page < 3; page++) {
        assertThat(client.get("/pages/p" + page, "Cookie", "strangler-key=" + key).body())
            .isEqualTo(first.body());
      }
      if (first.body().equals("modern")) {
        modernBrowsers++;
      }
    }

    assertThat(modernBrowsers).isBetween(60, 140);
  }

  @Test
  void anEarlierSourcePresent_noCookieIsSet() {
    HttpResponse<String> response = client.get("/pages/home", "Cookie", "session=s-42");

    assertThat(setCookies(response)).isEmpty();
  }

  @Test
  void overTlsAtTheTrustedProxy_theCookieIsSecure() {
    HttpResponse<String> response = client.get("/pages/home", "X-Forwarded-Proto", "https");

    assertThat(
            setCookies(response).stream().filter(h -> h.startsWith("strangler-key=")).findFirst())
        .hasValueSatisfying(header -> assertThat(header).contains("Secure"));
  }

  @Test
  void namedCookie_besideTheBackendsOwnCookie_evenAfterAFallback() {
    modern.stubFor(any(urlPathMatching("/shop/.*")).willReturn(aResponse().withStatus(503)));
    legacy.stubFor(
        any(urlPathMatching("/shop/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Set-Cookie", "cart=c1; Path=/shop")
                    .withBody("legacy")));

    HttpResponse<String> response = client.get("/shop/basket");

    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("status");
    assertThat(assigned(response, "sid").getValue()).matches("[0-9a-f]{32}");
    assertThat(assigned(response, "cart").getValue()).isEqualTo("c1");
  }
}
