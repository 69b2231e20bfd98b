package dev.strangler.gateway.admin;

import dev.strangler.gateway.support.ProblemResponses;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The Spring Security chain of the management port: every call needs {@code Authorization: Bearer
 * <token>} with a token of {@link AdminTokens}, except the health and Prometheus endpoints (probes
 * and scrapers) and the dashboard's static page (it holds no data; it asks for the token and calls
 * the admin API with it).
 *
 * <p>No session, no cookie, no CSRF token (a bearer header is not sent by a browser on its own), no
 * login form, no basic authentication. A missing or wrong token gets {@code 401} with {@code
 * WWW-Authenticate: Bearer} and a problem document.
 */
final class AdminWebSecurity {

  private static final Log log = LogFactory.getLog(AdminWebSecurity.class);

  private static final String BEARER = "Bearer ";

  private static final String REALM = "Bearer realm=\"strangler-admin\"";

  private static final URI UNAUTHORIZED_TYPE =
      URI.create("https://strangler.dev/problems/unauthorized");

  /** The dashboard may load its own script and style, and nothing else. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
          + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private AdminWebSecurity() {}

  static SecurityWebFilterChain chain(
      ServerHttpSecurity http, AdminTokens tokens, ProblemResponses problems) {
    ServerWebExchangeMatcher open =
        new OrServerWebExchangeMatcher(EndpointRequest.to("health", "prometheus"), Dashboard.PAGES);
    ServerAuthenticationEntryPoint entryPoint =
        (exchange, failure) -> unauthorized(exchange, failure, problems);
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(manager(tokens));
    bearer.setServerAuthenticationConverter(new BearerTokenConverter());
    bearer.setRequiresAuthenticationMatcher(new NegatedServerWebExchangeMatcher(open));
    bearer.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(entryPoint));
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint))
        .authorizeExchange(
            exchanges -> exchanges.matchers(open).permitAll().anyExchange().authenticated())
        .headers(
            headers ->
                headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
        .build();
  }

  private static ReactiveAuthenticationManager manager(AdminTokens tokens) {
    return authentication -> {
      Object credentials = authentication.getCredentials();
      String name = credentials instanceof String token ? tokens.nameOf(token).orElse(null) : null;
      if (name == null) {
        return Mono.error(new BadCredentialsException("invalid admin token"));
      }
      return Mono.just(AdminTokenAuthentication.of(name));
    };
  }

  private static Mono<Void> unauthorized(
      ServerWebExchange exchange, AuthenticationException failure, ProblemResponses problems) {
    boolean presented =
        exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
    InetSocketAddress from = exchange.getRequest().getRemoteAddress();
    if (presented) {
      log.warn(
          "Refused admin call "
              + exchange.getRequest().getMethod()
              + " "
              + exchange.getRequest().getPath()
              + " from "
              + (from == null ? "?" : from.getAddress())
              + ": "
              + failure.getMessage());
    }
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.WWW_AUTHENTICATE, presented ? REALM + ", error=\"invalid_token\"" : REALM);
    String detail =
        presented
            ? "the bearer token is not an admin token of this gateway"
            : "an admin call needs 'Authorization: Bearer <token>'";
    return problems.write(
        exchange.getResponse(), HttpStatus.UNAUTHORIZED, UNAUTHORIZED_TYPE, detail, Map.of());
  }

  /** Reads {@code Authorization: Bearer <token>}; any other Authorization header fails. */
  private static final class BearerTokenConverter implements ServerAuthenticationConverter {

    @Override
    public Mono<org.springframework.security.core.Authentication> convert(
        ServerWebExchange exchange) {
      String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      if (header == null) {
        return Mono.empty();
      }
      if (header.length() <= BEARER.length()
          || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return Mono.error(new BadCredentialsException("not a bearer token"));
      }
      return Mono.just(
          AdminTokenAuthentication.presented(header.substring(BEARER.length()).strip()));
    }
  }
}
