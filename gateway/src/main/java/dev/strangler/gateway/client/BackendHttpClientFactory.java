package dev.strangler.gateway.client;

import dev.strangler.gateway.support.EventLoopClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring Cloud Gateway's HTTP client, built from its own {@code
 * spring.cloud.gateway.server.webflux.httpclient.*} settings, with one change: a {@code fixed} pool
 * bounds its queue of pending acquires ({@code strangler.backend.max-pending-acquires}), where
 * Spring Cloud Gateway's queue has no bound. A request that finds the queue full fails at once, and
 * one that waits longer than {@code pool.acquire-timeout} fails then; either becomes a fallback or
 * a {@code 502} problem, never a wait without end.
 *
 * <p>Every call has a read timeout ({@code strangler.backend.read-timeout}, Reactor Netty's {@code
 * responseTimeout}): without one a backend that stops sending in the middle of an answer would hold
 * the client's request, and its connection, for ever.
 *
 * <p>With {@code strangler.backend.pool-per-event-loop} (the default) each event loop of the server
 * draws from a pool of its own ({@link EventLoopClients}); the {@code fixed} pool's bounds, {@code
 * max-connections} and the pending acquires, are divided among these pools (rounded down), so that
 * they still bound the connections to one backend and the requests waiting for one.
 *
 * <p>It also makes the client of second attempts ({@link #newConnectionsClient()}): the same
 * settings and customizers, without a pool, so that each of its requests opens a connection of its
 * own.
 */
final class BackendHttpClientFactory extends HttpClientFactory {

  private final @Nullable Integer maxPendingAcquires;

  private final Duration readTimeout;

  private final boolean pooled;

  private final int pools;

  BackendHttpClientFactory(
      HttpClientProperties properties,
      ServerProperties serverProperties,
      HttpClientSslConfigurer sslConfigurer,
      List<HttpClientCustomizer> customizers,
      @Nullable Integer maxPendingAcquires,
      Duration readTimeout,
      boolean poolPerEventLoop) {
    this(
        properties,
        serverProperties,
        sslConfigurer,
        customizers,
        maxPendingAcquires,
        readTimeout,
        true,
        poolsOf(properties, poolPerEventLoop));
  }

  private BackendHttpClientFactory(
      HttpClientProperties properties,
      ServerProperties serverProperties,
      HttpClientSslConfigurer sslConfigurer,
      List<HttpClientCustomizer> customizers,
      @Nullable Integer maxPendingAcquires,
      Duration readTimeout,
      boolean pooled,
      int pools) {
    super(properties, serverProperties, sslConfigurer, new ArrayList<>(customizers));
    this.maxPendingAcquires = maxPendingAcquires;
    this.readTimeout = readTimeout;
    this.pooled = pooled;
    this.pools = pools;
  }

  private static int poolsOf(HttpClientProperties properties, boolean poolPerEventLoop) {
    HttpClientProperties.Pool pool = properties.getPool();
    return switch (pool.getType()) {
      case DISABLED -> 1;
      case FIXED -> EventLoopClients.pools(pool.getMaxConnections(), poolPerEventLoop);
      default -> EventLoopClients.pools(0, poolPerEventLoop);
    };
  }

  /**
   * The pooled client with one pool per event loop ({@link EventLoopClients}), each with its share
   * of the {@code fixed} pool's bounds.
   *
   * @param client this factory's client
   * @return the client divided by event loop
   */
  EventLoopClients eventLoopClients(HttpClient client) {
    return new EventLoopClients(client, pools);
  }

  @Override
  protected HttpClient createInstance() {
    HttpClient client = super.createInstance();
    return readTimeout.isZero() ? client : client.responseTimeout(readTimeout);
  }

  /** Returns a client like the pooled one whose every request opens a new connection. */
  HttpClient newConnectionsClient() {
    return new BackendHttpClientFactory(
            properties,
            serverProperties,
            sslConfigurer,
            customizers,
            maxPendingAcquires,
            readTimeout,
            false,
            1)
        .createInstance();
  }

  @Override
  protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
    if (!pooled) {
      return ConnectionProvider.newConnection();
    }
    HttpClientProperties.Pool pool = properties.getPool();
    if (pool.getType() != HttpClientProperties.Pool.PoolType.FIXED) {
      return super.buildConnectionProvider(properties);
    }
    int maxConnections = pool.getMaxConnections();
    int maxPending = maxPendingAcquires != null ? maxPendingAcquires : 2 * maxConnections;
    ConnectionProvider.Builder builder =
        ConnectionProvider.builder(pool.getName())
            .maxConnections(EventLoopClients.share(maxConnections, pools))
            .pendingAcquireMaxCount(EventLoopClients.share(maxPending, pools))
            .pendingAcquireTimeout(Duration.ofMillis(pool.getAcquireTimeout()))
            .evictInBackground(pool.getEvictionInterval())
            .metrics(pool.isMetrics());
    if (pool.getMaxIdleTime() != null) {
      builder.maxIdleTime(pool.getMaxIdleTime());
    }
    if (pool.getMaxLifeTime() != null) {
      builder.maxLifeTime(pool.getMaxLifeTime());
    }
    if (pool.getLeasingStrategy() == HttpClientProperties.Pool.LeasingStrategy.LIFO) {
      builder.lifo();
    } else {
      builder.fifo();
    }
    return builder.build();
  }
}
