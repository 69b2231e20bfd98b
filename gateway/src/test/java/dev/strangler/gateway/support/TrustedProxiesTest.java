package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class TrustedProxiesTest {

  private static final TrustedProxies PROXIES =
      TrustedProxies.of(List.of("10.0.0.0/8", " 192.0.2.10 ", "fd00::/8", "2001:db8::1"));

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "10.255.255.255", "192.0.2.10", "fd12::1", "2001:db8::1"})
  void trusts_addressesInTheBlocks(String peer) {
    assertThat(PROXIES.trusts(new InetSocketAddress(peer, 4711))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"11.0.0.1", "192.0.2.11", "127.0.0.1", "fe80::1", "2001:db8::2", "::1", "::"})
  void doesNotTrust_otherAddresses(String peer) {
    assertThat(PROXIES.trusts(new InetSocketAddress(peer, 4711))).isFalse();
  }

  @Test
  void none_trustsNoPeer_andIsTheEmptySetting() {
    assertThat(TrustedProxies.of(List.of())).isSameAs(TrustedProxies.none());
    assertThat(TrustedProxies.none().isEmpty()).isTrue();
    assertThat(TrustedProxies.none().trusts(new InetSocketAddress("10.0.0.1", 1))).isFalse();
    assertThat(TrustedProxies.none().trusts(null)).isFalse();
    assertThat(PROXIES.trusts(InetSocketAddress.createUnresolved("10.0.0.1", 1))).isFalse();
  }

  @Test
  void ipv4MappedIpv6Peer_isMatchedAsIpv4() {
    assertThat(PROXIES.trusts(new InetSocketAddress("::ffff:10.1.2.3", 1))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ingress.local",
        "localhost",
        "10.0.0.0/33",
        "fd00::/129",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/8/9",
        "10.0.0.0/x",
        "300.0.0.1",
        "10.0.0",
        "fd00:::1/8"
      })
  void of_badBlock_namesItsIndexAndValue(String block) {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", block)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "strangler.forwarded.trusted-proxies[1]: "
                + block.strip()
                + " (expected: an IPv4 or IPv6 address or CIDR block, e.g. 10.0.0.0/8 or"
                + " fd00::/8)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // untrusted peer: its own address, whatever it forwards
        "203.0.113.5 | 198.51.100.7                       | 203.0.113.5",
        // trusted peer: the rightmost address that is not a trusted proxy
        "10.0.0.1    | 198.51.100.7                       | 198.51.100.7",
        "10.0.0.1    | 6.6.6.6, 198.51.100.7              | 198.51.100.7",
        "10.0.0.1    | 198.51.100.7, 10.0.0.2             | 198.51.100.7",
        "10.0.0.1    | 6.6.6.6,198.51.100.7 ,10.0.0.9     | 198.51.100.7",
        "10.0.0.1    | 10.0.0.3, 10.0.0.2                 | 10.0.0.3",
        "10.0.0.1    | 198.51.100.7:4711                  | 198.51.100.7",
        "10.0.0.1    | [2001:db8::7]:4711                 | 2001:db8:0:0:0:0:0:7",
        "10.0.0.1    | [2001:DB8::7]                      | 2001:db8:0:0:0:0:0:7",
        "10.0.0.1    | 2001:db8::7                        | 2001:db8:0:0:0:0:0:7",
        "fd00::5     | 198.51.100.7, fd00::6              | 198.51.100.7",
        "10.0.0.1    | ::ffff:198.51.100.7                | 198.51.100.7",
        // malformed entries end the walk at the last address before them
        "10.0.0.1    | unknown                            | 10.0.0.1",
        "10.0.0.1    | evil.example                       | 10.0.0.1",
        "10.0.0.1    | 198.51.100.7, evil.example         | 10.0.0.1",
        "10.0.0.1    | evil.example, 10.0.0.2             | 10.0.0.2",
        "10.0.0.1    | 198.51.100.7,                      | 10.0.0.1",
        "10.0.0.1    | 198.51.100.7:                      | 10.0.0.1",
        "10.0.0.1    | 198.51.100.7:123456                | 10.0.0.1",
        "10.0.0.1    | [2001:db8::7                       | 10.0.0.1",
        "10.0.0.1    | [198.51.100.7]                     | 10.0.0.1",
        "10.0.0.1    | 2001:db8::7:4711:1:2:3:4:5         | 10.0.0.1",
        "10.0.0.1    | 198.51.100.7 198.51.100.8          | 10.0.0.1",
        "10.0.0.1    | 1.2.3.4.5                          | 10.0.0.1",
        "10.0.0.1    | '\"198.51.100.7\"'                 | 10.0.0.1",
        "10.0.0.1    | _hidden                            | 10.0.0.1"
      })
  void clientAddress_fromPeerAndForwardedFor(String peer, String forwardedFor, String client) {
    MockServerHttpRequest request =
        MockServerHttpRequest.get("/")
            .remoteAddress(new InetSocketAddress(peer, 4711))
            .header(TrustedProxies.X_FORWARDED_FOR, forwardedFor)
            .build();

    assertThat(PROXIES.clientAddress(request)).isEqualTo(client);
  }

  @Test
  void clientAddress_readsEveryForwardedForLine_lastFirst() {
    MockServerHttpRequest request =
        MockServerHttpRequest.get("/")
            .remoteAddress(new InetSocketAddress("10.0.0.1", 4711))
            .header(TrustedProxies.X_FORWARDED_FOR, "198.51.100.1", "198.51.100.2, 10.0.0.2")
            .build();

    assertThat(PROXIES.clientAddress(request)).isEqualTo("198.51.100.2");
  }

  @Test
  void clientAddress_emptyForwardedFor_isMalformed() {
    MockServerHttpRequest request =
        MockServerHttpRequest.get("/")
            .remoteAddress(new InetSocketAddress("10.0.0.1", 4711))
            .header(TrustedProxies.X_FORWARDED_FOR, "")
            .build();

    assertThat(PROXIES.clientAddress(request)).isEqualTo("10.0.0.1");
  }

  @Test
  void clientAddress_withoutForwardedFor_isThePeer_orNullWhenUnknown() {
    assertThat(
            PROXIES.clientAddress(
                MockServerHttpRequest.get("/")
                    .remoteAddress(new InetSocketAddress("10.0.0.1", 1))
                    .build()))
        .isEqualTo("10.0.0.1");
    assertThat(PROXIES.clientAddress(MockServerHttpRequest.get("/").build())).isNull();
  }
}
