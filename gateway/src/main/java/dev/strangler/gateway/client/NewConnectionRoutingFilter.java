package dev.strangler.gateway.client;

import dev.strangler.gateway.support.EventLoopClients;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's proxying filter, which sends a request on a pooled connection of the event
 * loop that serves the client's connection ({@link EventLoopClients}), or on a new connection when
 * its {@link Transmission} asks for it (a second attempt).
 */
final class NewConnectionRoutingFilter extends NettyRoutingFilter {

  private final EventLoopClients eventLoops;

  private final HttpClient newConnections;

  NewConnectionRoutingFilter(
      HttpClient pooled,
      EventLoopClients eventLoops,
      HttpClient newConnections,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties) {
    super(pooled, headersFilters, properties);
    this.eventLoops = eventLoops;
    this.newConnections = newConnections;
  }

  @Override
  protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
    Transmission transmission = Transmission.of(exchange);
    if (transmission != null && transmission.newConnectionRequired()) {
      return newConnections;
    }
    return eventLoops.of(exchange.getRequest());
  }
}
