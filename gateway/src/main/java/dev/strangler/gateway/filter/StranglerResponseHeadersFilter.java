package dev.strangler.gateway.filter;

import java.util.List;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes the hop-by-hop headers of a backend's response ({@link HopByHopHeaders}) before it goes
 * to the client. Returns the headers as they are, without a copy, when there is nothing to remove.
 */
final class StranglerResponseHeadersFilter implements HttpHeadersFilter, Ordered {

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    List<String> connectionTokens = HopByHopHeaders.connectionTokens(input);
    boolean any = false;
    for (String name : input.headerNames()) {
      if (HopByHopHeaders.isHopByHop(name, connectionTokens)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return input;
    }
    HttpHeaders filtered = new HttpHeaders();
    for (var entry : input.headerSet()) {
      if (!HopByHopHeaders.isHopByHop(entry.getKey(), connectionTokens)) {
        filtered.addAll(entry.getKey(), entry.getValue());
      }
    }
    return filtered;
  }

  @Override
  public boolean supports(Type type) {
    return type == Type.RESPONSE;
  }

  @Override
  public int getOrder() {
    return StranglerRequestHeadersFilter.ORDER;
  }
}
