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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The default: no trusted proxies, so no peer, IPv4 or IPv6, may pass on forwarding headers, and a
 * client cannot choose its {@code ip} bucket (CVE-2025-41235 class: a poisoned {@code
 * X-Forwarded-Host} in a legacy application's password-reset links).
 */
@GatewayIT
class UntrustedPeersIT {

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

  @BeforeEach
  void stubBackends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void ipv4Client_forwardingHeadersDropped_gatewayWritesItsOwn() {
    RawHttp.ipv4(port).get("/reset-password", poisonedHeaders());

    legacy.verify(
        getRequestedFor(urlEqualTo("/reset-password"))
            .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
            .withHeader("X-Forwarded-Proto", equalTo("http"))
            .withHeader("X-Forwarded-Host", equalTo("127.0.0.1:" + port))
            .withHeader("X-Forwarded-Port", absent())
            .withHeader("X-Forwarded-Prefix", absent())
            .withHeader("Forwarded", absent()));
  }

  @Test
  void ipv6Client_forwardingHeadersDropped_gatewayWritesItsOwn() {
    RawHttp.ipv6(port).get("/reset-password", poisonedHeaders());

    legacy.verify(
        getRequestedFor(urlEqualTo("/reset-password"))
            .withHeader("X-Forwarded-For", equalTo("0:0:0:0:0:0:0:1"))
            .withHeader("X-Forwarded-Proto", equalTo("http"))
            .withHeader("X-Forwarded-Host", equalTo("[0:0:0:0:0:0:0:1]:" + port))
            .withHeader("X-Forwarded-Port", absent())
            .withHeader("Forwarded", absent()));
  }

  @Test
  void ipSticky_ipv6Client_isBucketedByItsOwnAddress_whateverItForwards() {
    String own = StickyBucket.of("by-ip", "0:0:0:0:0:0:0:1") < 5000 ? "modern" : "legacy";
    for (int i = 1; i <= 10; i++) {
      assertThat(RawHttp.ipv6(port).get("/sticky/x", "X-Forwarded-For", "2001:db8::" + i).body())
          .isEqualTo(own);
    }
  }

  private static String[] poisonedHeaders() {
    return new String[] {
      "X-Forwarded-For", "198.51.100.7",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "evil.example",
      "X-Forwarded-Port", "443",
      "X-Forwarded-Prefix", "/evil",
      "Forwarded", "host=evil.example"
    };
  }
}
