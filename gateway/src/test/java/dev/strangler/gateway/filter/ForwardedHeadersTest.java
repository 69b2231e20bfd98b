package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.support.TrustedProxies;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Forwarding headers of trusted and untrusted peers, IPv4 and IPv6, as the backends get them. */
class ForwardedHeadersTest {

  private final StranglerRequestHeadersFilter filter =
      new StranglerRequestHeadersFilter(TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8")));

  @Test
  void untrustedPeer_forwardingHeadersDropped_gatewayWritesItsOwn() {
    HttpHeaders sent = send("203.0.113.5", clientForwardingHeaders());

    assertThat(sent.get("X-Forwarded-For")).containsExactly("203.0.113.5");
    assertThat(sent.get("X-Forwarded-Proto")).containsExactly("http");
    assertThat(sent.get("X-Forwarded-Host")).containsExactly("gateway.test:8080");
    assertThat(sent.containsHeader("X-Forwarded-Port")).isFalse();
    assertThat(sent.containsHeader("X-Forwarded-Prefix")).isFalse();
    assertThat(sent.containsHeader("X-Forwarded-Server")).isFalse();
    assertThat(sent.containsHeader("Forwarded")).isFalse();
  }

  @Test
  void untrustedPeer_clientAddressAndUrlRewriteHeadersDropped() {
    HttpHeaders sent = send("203.0.113.5", proxyOnlyHeaders());

    assertThat(sent.headerNames())
        .doesNotContainAnyElementsOf(
            List.of(
                "X-Real-IP",
                "true-client-ip",
                "X-Client-IP",
                "X-Cluster-Client-IP",
                "CF-Connecting-IP",
                "Fastly-Client-IP",
                "X-Original-URL",
                "X-Rewrite-URL"))
        .contains("Accept");
  }

  @Test
  void trustedPeer_clientAddressAndUrlRewriteHeadersPassedOn() {
    HttpHeaders sent = send("10.1.2.3", proxyOnlyHeaders());

    assertThat(sent.getFirst("X-Real-IP")).isEqualTo("198.51.100.7");
    assertThat(sent.getFirst("true-client-ip")).isEqualTo("198.51.100.7");
    assertThat(sent.getFirst("X-Original-URL")).isEqualTo("/api/secure/x");
  }

  @Test
  void untrustedIpv6Peer_forwardingHeadersDropped() {
    HttpHeaders sent = send("2001:db8::5", clientForwardingHeaders());

    assertThat(sent.get("X-Forwarded-For")).containsExactly("2001:db8:0:0:0:0:0:5");
    assertThat(sent.get("X-Forwarded-Host")).containsExactly("gateway.test:8080");
    assertThat(sent.containsHeader("Forwarded")).isFalse();
  }

  @Test
  void trustedPeer_forwardingHeadersPassedOn_forwardedForWithThePeerAppended() {
    HttpHeaders sent = send("10.1.2.3", clientForwardingHeaders());

    assertThat(sent.get("X-Forwarded-For")).containsExactly("198.51.100.7, 10.1.2.3");
    assertThat(sent.get("X-Forwarded-Proto")).containsExactly("https");
    assertThat(sent.get("X-Forwarded-Host")).containsExactly("shop.example");
    assertThat(sent.get("X-Forwarded-Port")).containsExactly("443");
    assertThat(sent.get("X-Forwarded-Prefix")).containsExactly("/shop");
    assertThat(sent.get("Forwarded")).containsExactly("for=198.51.100.7;proto=https");
  }

  @Test
  void trustedIpv6Peer_forwardingHeadersPassedOn() {
    HttpHeaders sent = send("fd00::10", clientForwardingHeaders());

    assertThat(sent.get("X-Forwarded-For")).containsExactly("198.51.100.7, fd00:0:0:0:0:0:0:10");
    assertThat(sent.get("X-Forwarded-Host")).containsExactly("shop.example");
  }

  @Test
  void trustedPeer_withoutForwardingHeaders_gatewayWritesItsOwn() {
    HttpHeaders sent = send("10.1.2.3", MockServerHttpRequest.get("http://gateway.test:8080/a"));

    assertThat(sent.get("X-Forwarded-For")).containsExactly("10.1.2.3");
    assertThat(sent.get("X-Forwarded-Proto")).containsExactly("http");
    assertThat(sent.get("X-Forwarded-Host")).containsExactly("gateway.test:8080");
  }

  @Test
  void trustedPeer_malformedForwardedFor_isPassedOnAsSent_withThePeerAppended() {
    HttpHeaders sent =
        send(
            "10.1.2.3",
            MockServerHttpRequest.get("http://gateway.test:8080/a")
                .header("X-Forwarded-For", "unknown, <script>", "evil.example"));

    assertThat(sent.get("X-Forwarded-For"))
        .containsExactly("unknown, <script>, evil.example, 10.1.2.3");
  }

  @Test
  void noTrustedProxies_everyPeerIsUntrusted() {
    StranglerRequestHeadersFilter strict = new StranglerRequestHeadersFilter(TrustedProxies.none());

    HttpHeaders sent =
        HttpHeadersFilter.filterRequest(
            List.of(strict),
            MockServerWebExchange.from(
                clientForwardingHeaders().remoteAddress(new InetSocketAddress("10.1.2.3", 1))));

    assertThat(sent.get("X-Forwarded-For")).containsExactly("10.1.2.3");
    assertThat(sent.get("X-Forwarded-Host")).containsExactly("gateway.test:8080");
  }

  private static MockServerHttpRequest.BaseBuilder<?> clientForwardingHeaders() {
    return MockServerHttpRequest.get("http://gateway.test:8080/a")
        .header("X-Forwarded-For", "198.51.100.7")
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "shop.example")
        .header("X-Forwarded-Port", "443")
        .header("X-Forwarded-Prefix", "/shop")
        .header("x-forwarded-server", "proxy-1")
        .header("Forwarded", "for=198.51.100.7;proto=https");
  }

  private static MockServerHttpRequest.BaseBuilder<?> proxyOnlyHeaders() {
    return MockServerHttpRequest.get("http://gateway.test:8080/api/public/x")
        .header("Accept", "application/json")
        .header("X-Real-IP", "198.51.100.7")
        .header("true-client-ip", "198.51.100.7")
        .header("X-Client-IP", "198.51.100.7")
        .header("X-Cluster-Client-IP", "198.51.100.7")
        .header("CF-Connecting-IP", "198.51.100.7")
        .header("Fastly-Client-IP", "198.51.100.7")
        .header("X-Original-URL", "/api/secure/x")
        .header("X-Rewrite-URL", "/api/secure/x");
  }

  private HttpHeaders send(String peer, MockServerHttpRequest.BaseBuilder<?> request) {
    return HttpHeadersFilter.filterRequest(
        List.of(filter),
        MockServerWebExchange.from(request.remoteAddress(new InetSocketAddress(peer, 40000))));
  }
}
