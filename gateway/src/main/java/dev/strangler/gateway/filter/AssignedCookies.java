package dev.strangler.gateway.filter;

import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.rules.AssignedKey;
import java.time.Duration;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sets the sticky key the router made for a request without one ({@code sticky-by} ending with
 * {@code assign-cookie}) as a cookie on the answer, so that the browser sends it back and keeps its
 * side: {@code HttpOnly} (no script needs it), {@code SameSite=Lax}, {@code Path=/}, {@code Secure}
 * when the client came over TLS (to the gateway, or to a trusted proxy that says so in {@code
 * X-Forwarded-Proto}), and {@code strangler.assign-cookie.max-age}.
 *
 * <p>The cookie goes into the response's cookies, not its headers: Spring writes them when the
 * answer is committed, beside the backend's own {@code Set-Cookie} headers, and a fallback that
 * discards modern's headers keeps it.
 */
final class AssignedCookies {

  private final Duration maxAge;

  private final TrustedProxies proxies;

  AssignedCookies(Duration maxAge, TrustedProxies proxies) {
    this.maxAge = maxAge;
    this.proxies = proxies;
  }

  void set(ServerWebExchange exchange, AssignedKey key) {
    ResponseCookie.ResponseCookieBuilder cookie =
        ResponseCookie.from(key.cookieName(), key.key())
            .httpOnly(true)
            .sameSite("Lax")
            .secure(proxies.overTls(exchange.getRequest()))
            .path("/");
    if (!maxAge.isZero()) {
      // no Max-Age at all makes a session cookie; Max-Age=0 would delete it at once
      cookie.maxAge(maxAge);
    }
    exchange.getResponse().getCookies().set(key.cookieName(), cookie.build());
  }
}
