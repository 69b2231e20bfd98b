package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttp;
import dev.strangler.rules.StickyBucket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Forwarding headers and the {@code ip} sticky source behind trusted proxies, IPv4 and IPv6: the
 * gateway trusts 127.0.0.2 and ::1 and no other peer, so a client connecting from 127.0.0.1 is an
 * untrusted one, and from 127.0.0.2 or ::1 a load balancer in front.
 */
@GatewayIT(properties = {"strangler.forwarded.trusted-proxies=127.0.0.2/32, ::1/128"})
class TrustedProxiesIT {

  static final String SALT = "by-ip";

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: by-ip
          paths: [/sticky/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [ip]
          salt: by-ip
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  RawHttp ipv4;

  RawHttp ipv6;

  @BeforeEach
  void stubBackends() {
    ipv4 = RawHttp.ipv4(port);
    ipv6 = RawHttp.ipv6(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void untrustedIpv4Peer_forwardingHeadersDropped_gatewayWritesItsOwn() {
    ipv4.getFrom("127.0.0.1", "/page/1", clientForwardingHeaders());

    legacy.verify(
        getRequestedFor(urlEqualTo("/page/1"))
            .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
            .withHeader("X-Forwarded-Proto", equalTo("http"))
            .withHeader("X-Forwarded-Host", equalTo("127.0.0.1:" + port))
            .withHeader("X-Forwarded-Port", absent())
            .withHeader("X-Forwarded-Prefix", absent())
            .withHeader("Forwarded", absent()));
  }

  @Test
  void trustedIpv4Proxy_forwardingHeadersPassedOn_withItsAddressAppended() {
    ipv4.getFrom("127.0.0.2", "/page/2", clientForwardingHeaders());

    legacy.verify(
        getRequestedFor(urlEqualTo("/page/2"))
            .withHeader("X-Forwarded-For", equalTo("198.51.100.7, 127.0.0.2"))
            .withHeader("X-Forwarded-Proto", equalTo("https"))
            .withHeader("X-Forwarded-Host", equalTo("shop.example"))
            .withHeader("X-Forwarded-Port", equalTo("443"))
            .withHeader("X-Forwarded-Prefix", equalTo("/shop"))
            .withHeader("Forwarded", equalTo("for=198.51.100.7;proto=https;host=shop.example")));
  }

  @Test
  void trustedIpv6Proxy_forwardingHeadersPassedOn_withItsAddressAppended() {
    ipv6.get("/page/3", clientForwardingHeaders());

    legacy.verify(
        getRequestedFor(urlEqualTo("/page/3"))
            .withHeader("X-Forwarded-For", equalTo("198.51.100.7, 0:0:0:0:0:0:0:1"))
            .withHeader("X-Forwarded-Host", equalTo("shop.example"))
            .withHeader("Forwarded", equalTo("for=198.51.100.7;proto=https;host=shop.example")));
  }

  @Test
  void trustedProxy_withoutForwardingHeaders_gatewayWritesItsOwn() {
    ipv6.get("/page/4");

    legacy.verify(
        getRequestedFor(urlEqualTo("/page/4"))
            .withHeader("X-Forwarded-For", equalTo("0:0:0:0:0:0:0:1"))
            .withHeader("X-Forwarded-Proto", equalTo("http"))
            .withHeader("X-Forwarded-Host", equalTo("[0:0:0:0:0:0:0:1]:" + port)));
  }

  @Test
  void ipSticky_behindTrustedIpv4Proxy_bucketsTheForwardedClient() {
    Set<String> sides = new HashSet<>();
    for (int i = 1; i <= 30; i++) {
      String client = "198.51.100." + i;
      String side = ipv4.getFrom("127.0.0.2", "/sticky/a", "X-Forwarded-For", client).body();
      assertThat(side).as(client).isEqualTo(expectedSide(client));
      sides.add(side);
    }
    // both sides are reached, so the test shows the key is the client, not the proxy
    assertThat(sides).containsExactlyInAnyOrder("legacy", "modern");
  }

  @Test
  void ipSticky_behindTrustedIpv6Proxy_bucketsTheForwardedClient_ipv4AndIpv6() {
    Set<String> sides = new HashSet<>();
    for (int i = 1; i <= 30; i++) {
      String client = "2001:db8::" + Integer.toHexString(i);
      String key = "2001:db8:0:0:0:0:0:" + Integer.toHexString(i);
      String side =
          ipv6.get("/sticky/b", "X-Forwarded-For", "[" + client + "]:4711, 127.0.0.2").body();
      assertThat(side).as(client).isEqualTo(expectedSide(key));
      sides.add(side);
    }
    assertThat(sides).containsExactlyInAnyOrder("legacy", "modern");
    assertThat(ipv6.get("/sticky/c", "X-Forwarded-For", "198.51.100.9").body())
        .isEqualTo(expectedSide("198.51.100.9"));
  }

  @Test
  void ipSticky_aClientKeepsItsSide_throughEitherProxy() {
    for (int i = 1; i <= 10; i++) {
      String client = "203.0.113." + i;
      assertThat(ipv6.get("/sticky/d", "X-Forwarded-For", client).body())
          .as(client)
          .isEqualTo(ipv4.getFrom("127.0.0.2", "/sticky/d", "X-Forwarded-For", client).body());
    }
  }

  @Test
  void ipSticky_untrustedPeer_isBucketedByItsOwnAddress_whateverItForwards() {
    String own = expectedSide("127.0.0.1");
    boolean otherSideForwarded = false;
    for (int i = 1; i <= 20; i++) {
      String forwarded = "198.51.100." + i;
      otherSideForwarded |= !expectedSide(forwarded).equals(own);
      assertThat(ipv4.getFrom("127.0.0.1", "/sticky/e", "X-Forwarded-For", forwarded).body())
          .isEqualTo(own);
    }
    assertThat(otherSideForwarded).as("some forwarded address belongs to the other side").isTrue();
  }

  @Test
  void ipSticky_malformedForwardedFor_bucketsTheLastAddressBeforeIt() {
    String proxySide = expectedSide("127.0.0.2");
    for (String malformed :
        new String[] {
          "unknown", "evil.example", "198.51.100.7, evil.example", "198.51.100.7,", "",
          "198.51.100.7:99999", "[198.51.100.7]", "1.2.3.4.5", "_hidden", "\"198.51.100.7\""
        }) {
      assertThat(ipv4.getFrom("127.0.0.2", "/sticky/f", "X-Forwarded-For", malformed).body())
          .as(malformed)
          .isEqualTo(proxySide);
    }
    String client = "198.51.100.77";
    assertThat(ipv4.getFrom("127.0.0.2", "/sticky/f", "X-Forwarded-For", "evil, " + client).body())
        .isEqualTo(expectedSide(client));
  }

  private static String expectedSide(String key) {
    return StickyBucket.of(SALT, key) < 5000 ? "modern" : "legacy";
  }

  private static String[] clientForwardingHeaders() {
    return new String[] {
      "X-Forwarded-For", "198.51.100.7",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "shop.example",
      "X-Forwarded-Port", "443",
      "X-Forwarded-Prefix", "/shop",
      "Forwarded", "for=198.51.100.7;proto=https;host=shop.example"
    };
  }
}
