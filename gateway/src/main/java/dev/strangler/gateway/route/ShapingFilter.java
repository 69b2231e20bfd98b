package dev.strangler.gateway.route;

import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A filter entry as {@link SpringCloudGatewayFilters} compiles it, once per rules version.
 *
 * @param routeKey the id of the route's side that Spring Cloud Gateway's filters see, {@code
 *     orders.modern}
 * @param filter Spring Cloud Gateway's filter
 * @param limiter whether it is a {@code RequestRateLimiter}
 * @param variableSources the route's path patterns, to take the URI template variables the filter
 *     expands from the client's path; empty when it expands none
 * @param args the arguments as bound, for the rate limiter's {@code FilterArgsEvent}
 */
record ShapingFilter(
    String routeKey,
    GatewayFilter filter,
    boolean limiter,
    List<PathPattern> variableSources,
    Map<String, Object> args) {

  /**
   * The URI template variables of the client's path, as Spring Cloud Gateway's {@code Path}
   * predicate would give them ({@link ServerWebExchangeUtils#URI_TEMPLATE_VARIABLES_ATTRIBUTE}).
   *
   * @param request the client's request
   * @return the variables of the first pattern that matches; empty when none does
   */
  Map<String, String> variables(ServerHttpRequest request) {
    PathContainer path = request.getPath().pathWithinApplication();
    for (PathPattern pattern : variableSources) {
      PathPattern.PathMatchInfo match = pattern.matchAndExtract(path);
      if (match != null) {
        return match.getUriVariables();
      }
    }
    return Map.of();
  }
}
