package dev.strangler.gateway.support;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The proxies in front of the gateway ({@code strangler.forwarded.trusted-proxies}): only a
 * connection from one of them may pass on {@code X-Forwarded-*} and {@code Forwarded} headers, and
 * only then is the client address taken from {@code X-Forwarded-For}. Without any (the default),
 * every forwarding header of a client is dropped and the client is the connection's peer.
 *
 * <p>Design: the CIDR blocks are parsed once, into Netty's {@link IpSubnetFilterRule}s (IPv4 and
 * IPv6), which match a socket address by its bytes: no text is made or parsed per request for the
 * peer. With none, {@link #trusts} answers without looking at the address. Addresses, in the
 * setting and in {@code X-Forwarded-For}, are parsed as IP literals by Netty's {@link NetUtil},
 * never resolved: a host name is malformed, not looked up. (Spring Security's {@code
 * IpAddressMatcher} would do the same, but it matches text, parsing the address again on every
 * call.)
 */
public final class TrustedProxies {

  /** The header a proxy appends the address of its own client to. */
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** The header a proxy passes the client's scheme in. */
  public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

  private static final TrustedProxies NONE = new TrustedProxies(new IpSubnetFilterRule[0]);

  private final IpSubnetFilterRule[] blocks;

  private TrustedProxies(IpSubnetFilterRule[] blocks) {
    this.blocks = blocks;
  }

  /** Returns trusting no peer. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses the setting.
   *
   * @param blocks IP addresses or CIDR blocks, IPv4 or IPv6, e.g. {@code 10.0.0.0/8}, {@code
   *     fd00::/8}, {@code 192.0.2.10}
   * @return the trusted proxies
   * @throws IllegalArgumentException naming the first entry that is no address or block, e.g.
   *     {@code strangler.forwarded.trusted-proxies[1]: ingress.local (expected: ...)}
   */
  public static TrustedProxies of(List<String> blocks) {
    if (blocks.isEmpty()) {
      return NONE;
    }
    IpSubnetFilterRule[] rules = new IpSubnetFilterRule[blocks.size()];
    for (int i = 0; i < rules.length; i++) {
      String block = blocks.get(i).strip();
      IpSubnetFilterRule rule = block(block);
      if (rule == null) {
        throw new IllegalArgumentException(
            "strangler.forwarded.trusted-proxies["
                + i
                + "]: "
                + block
                + " (expected: an IPv4 or IPv6 address or CIDR block, e.g. 10.0.0.0/8 or"
                + " fd00::/8)");
      }
      rules[i] = rule;
    }
    return new TrustedProxies(rules);
  }

  /** {@code address} or {@code address/prefix}; {@code null} when it is neither. */
  private static @Nullable IpSubnetFilterRule block(String text) {
    int slash = text.indexOf('/');
    String literal = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
    if (address == null) {
      return null;
    }
    int bits = address instanceof Inet4Address ? 32 : 128;
    int prefix = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
        return null;
      }
      prefix = Integer.parseInt(digits);
      if (prefix > bits) {
        return null;
      }
    }
    return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
  }

  /** Returns whether no proxy is trusted. */
  public boolean isEmpty() {
    return blocks.length == 0;
  }

  /**
   * Whether a connection's peer is a trusted proxy.
   *
   * @param peer the peer's address; {@code null} when unknown
   * @return {@code true} when the peer is in a trusted block
   */
  public boolean trusts(@Nullable InetSocketAddress peer) {
    if (blocks.length == 0 || peer == null || peer.getAddress() == null) {
      return false;
    }
    for (IpSubnetFilterRule block : blocks) {
      if (block.matches(peer)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the client reached the gateway over TLS: the connection itself, or, when the peer is a
   * trusted proxy, the first scheme of its {@code X-Forwarded-Proto}. A client's own {@code
   * X-Forwarded-Proto} counts for nothing.
   *
   * @param request the request
   * @return {@code true} for HTTPS as the client sent it
   */
  public boolean overTls(ServerHttpRequest request) {
    if (request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme())) {
      return true;
    }
    if (!trusts(request.getRemoteAddress())) {
      return false;
    }
    String proto = request.getHeaders().getFirst(X_FORWARDED_PROTO);
    if (proto == null) {
      return false;
    }
    int comma = proto.indexOf(',');
    return "https".equalsIgnoreCase((comma < 0 ? proto : proto.substring(0, comma)).strip());
  }

  /**
   * The client address of a request: the peer's, or, when the peer is a trusted proxy, the
   * rightmost address of {@code X-Forwarded-For} that is not a trusted proxy. A malformed entry (no
   * IP literal, e.g. {@code unknown} or a host name) ends the walk: the client is then the last
   * address before it, the proxy that passed it on. When every entry is trusted, the leftmost one.
   *
   * @param request the request
   * @return the address as {@link InetAddress#getHostAddress()} writes it (IPv6 in full, e.g.
   *     {@code 2001:db8:0:0:0:0:0:7}), or {@code null} when the peer is unknown
   */
  public @Nullable String clientAddress(ServerHttpRequest request) {
    InetSocketAddress peer = request.getRemoteAddress();
    if (peer == null || peer.getAddress() == null) {
      return null;
    }
    String client = peer.getAddress().getHostAddress();
    if (!trusts(peer)) {
      return client;
    }
    List<String> forwarded = request.getHeaders().get(X_FORWARDED_FOR);
    if (forwarded == null) {
      return client;
    }
    for (int line = forwarded.size() - 1; line >= 0; line--) {
      String value = forwarded.get(line);
      int end = value.length();
      while (true) {
        int comma = value.lastIndexOf(',', end - 1);
        InetAddress address = parse(value.substring(comma + 1, end).strip());
        if (address == null) {
          return client;
        }
        client = address.getHostAddress();
        if (!trusts(new InetSocketAddress(address, 0))) {
          return client;
        }
        if (comma < 0) {
          break;
        }
        end = comma;
      }
    }
    return client;
  }

  /**
   * An entry of {@code X-Forwarded-For}: an IPv4 or IPv6 literal, optionally with a port ({@code
   * 192.0.2.1:4711}, {@code [2001:db8::1]:4711}) or in brackets; {@code null} for anything else.
   */
  static @Nullable InetAddress parse(String entry) {
    String host = entry;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || !isPortOrNothing(entry, close + 1)) {
        return null;
      }
      host = entry.substring(1, close);
      if (!NetUtil.isValidIpV6Address(host)) {
        return null;
      }
    } else {
      int colon = entry.indexOf(':');
      if (colon >= 0 && colon == entry.lastIndexOf(':')) {
        if (!isPortOrNothing(entry, colon)) {
          return null;
        }
        host = entry.substring(0, colon);
        if (!NetUtil.isValidIpV4Address(host)) {
          return null;
        }
      }
    }
    return NetUtil.createInetAddressFromIpAddressString(host);
  }

  /** Nothing, or {@code :} and one to five digits, from {@code from} to the end. */
  private static boolean isPortOrNothing(String entry, int from) {
    if (from == entry.length()) {
      return true;
    }
    int digits = entry.length() - from - 1;
    if (entry.charAt(from) != ':' || digits < 1 || digits > 5) {
      return false;
    }
    for (int i = from + 1; i < entry.length(); i++) {
      if (entry.charAt(i) < '0' || entry.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
