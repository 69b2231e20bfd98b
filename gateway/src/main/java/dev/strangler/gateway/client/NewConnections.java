package dev.strangler.gateway.client;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import reactor.netty.http.client.HttpClient;

/**
 * The client of second attempts: the gateway's HTTP client with its settings and customizers, but
 * without a pool, so that each request opens a connection of its own. Not an {@code HttpClient}
 * bean, so that the gateway's one {@code HttpClient} stays the only candidate for injection.
 */
public final class NewConnections {

  private final HttpClient client;

  NewConnections(HttpClient client) {
    this.client = client;
  }

  /**
   * Spring Cloud Gateway's proxying filter, which sends a request on a new connection, not a pooled
   * one, when its {@link Transmission} asks for it.
   *
   * @param pooled the gateway's pooled client
   * @param headersFilters the header filters of every call
   * @param properties Spring Cloud Gateway's client settings
   * @return the filter
   */
  public NettyRoutingFilter routingFilter(
      HttpClient pooled,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties) {
    return new NewConnectionRoutingFilter(pooled, client, headersFilters, properties);
  }
}
