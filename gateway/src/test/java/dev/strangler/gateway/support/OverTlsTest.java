package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Whether a client came over TLS: the connection, or a trusted proxy's X-Forwarded-Proto. */
class OverTlsTest {

  private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8"));

  private static MockServerHttpRequest request(String url, String peer, String... forwardedProto) {
    MockServerHttpRequest.BaseBuilder<?> builder =
        MockServerHttpRequest.get(url).remoteAddress(new InetSocketAddress(peer, 4711));
    if (forwardedProto.length > 0) {
      builder.header(TrustedProxies.X_FORWARDED_PROTO, forwardedProto);
    }
    return builder.build();
  }

  @ParameterizedTest
  @CsvSource({
    "10.1.2.3, https, true",
    "10.1.2.3, 'HTTPS, http', true",
    "10.1.2.3, http, false",
    "10.1.2.3, 'http, https', false",
    "203.0.113.7, https, false"
  })
  void forwardedProto_countsOnlyFromATrustedProxy(String peer, String proto, boolean tls) {
    assertThat(PROXIES.overTls(request("http://gateway/pages", peer, proto))).isEqualTo(tls);
  }

  @Test
  void httpsConnection_isTls_withoutAnyHeader() {
    assertThat(PROXIES.overTls(request("https://gateway/pages", "203.0.113.7"))).isTrue();
    assertThat(PROXIES.overTls(request("http://gateway/pages", "10.1.2.3"))).isFalse();
  }

  @Test
  void noTrustedProxy_ignoresTheHeader() {
    assertThat(TrustedProxies.none().overTls(request("http://gateway/pages", "10.1.2.3", "https")))
        .isFalse();
  }
}
