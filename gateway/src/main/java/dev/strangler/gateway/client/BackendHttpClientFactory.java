package dev.strangler.gateway.client;

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
 * <p>It also makes the client of second attempts ({@link #newConnectionsClient()}): the same
 * settings and customizers, without a pool, so that each of its requests opens a connection of its
 * own.
 */
final class BackendHttpClientFactory extends HttpClientFactory {

  private final @Nullable Integer maxPendingAcquires;

  private final Duration readTimeout;

  private final boolean pooled;

  BackendHttpClientFactory(
      HttpClientProperties properties,
      ServerProperties serverProperties,
      HttpClientSslConfigurer sslConfigurer,
      List<HttpClientCustomizer> customizers,
      @Nullable Integer maxPendingAcquires,
      Duration readTimeout) {
    this(
        properties,
        serverProperties,
        sslConfigurer,
        customizers,
        maxPendingAcquires,
        readTimeout,
        true);
  }

  private BackendHttpClientFactory(
      HttpClientProperties properties,
      ServerProperties serverProperties,
      HttpClientSslConfigurer sslConfigurer,
      List<HttpClientCustomizer> customizers,
      @Nullable Integer maxPendingAcquires,
      Duration readTimeout,
      boolean pooled) {
    super(properties, serverProperties, sslConfigurer, new ArrayList<>(customizers));
    this.maxPendingAcquires = maxPendingAcquires;
    this.readTimeout = readTimeout;
    this.pooled = pooled;
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
            false)
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
    ConnectionProvider.Builder builder =
        ConnectionProvider.builder(pool.getName())
            .maxConnections(maxConnections)
            .pendingAcquireMaxCount(
                maxPendingAcquires != null ? maxPendingAcquires : 2 * maxConnections)
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
