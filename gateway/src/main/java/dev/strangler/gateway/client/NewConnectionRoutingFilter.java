package dev.strangler.gateway.client;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's proxying filter, which sends a request on a new connection instead of a
 * pooled one when its {@link Transmission} asks for it (a second attempt).
 */
final class NewConnectionRoutingFilter extends NettyRoutingFilter {

  private final HttpClient newConnections;

  NewConnectionRoutingFilter(
      HttpClient pooled,
      HttpClient newConnections,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties) {
    super(pooled, headersFilters, properties);
    this.newConnections = newConnections;
  }

  @Override
  protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
    Transmission transmission = Transmission.of(exchange);
    if (transmission != null && transmission.newConnectionRequired()) {
      return newConnections;
    }
    return super.getHttpClient(route, exchange);
  }
}
