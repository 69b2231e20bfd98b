package dev.strangler.gateway.client;

import dev.strangler.gateway.support.EventLoopClients;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import reactor.netty.http.client.HttpClient;

/**
 * The clients of the calls to the backends, made from the gateway's HTTP client with its settings
 * and customizers: the pooled client with a pool per event loop ({@link EventLoopClients}), and the
 * client of second attempts, without a pool, so that each of its requests opens a connection of its
 * own. Not {@code HttpClient} beans, so that the gateway's one {@code HttpClient} stays the only
 * candidate for injection.
 */
public final class BackendClients {

  private final EventLoopClients pooled;

  private final HttpClient newConnections;

  BackendClients(EventLoopClients pooled, HttpClient newConnections) {
    this.pooled = pooled;
    this.newConnections = newConnections;
  }

  /**
   * Spring Cloud Gateway's proxying filter, which sends a request on a pooled connection of its own
   * event loop, or on a new connection when its {@link Transmission} asks for it.
   *
   * @param pooled the gateway's pooled client, which the filter is made with
   * @param headersFilters the header filters of every call
   * @param properties Spring Cloud Gateway's client settings
   * @return the filter
   */
  public NettyRoutingFilter routingFilter(
      HttpClient pooled,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties) {
    return new NewConnectionRoutingFilter(
        pooled, this.pooled, newConnections, headersFilters, properties);
  }
}
