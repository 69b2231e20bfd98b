package dev.strangler.gateway.client;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.support.ServerEventLoops;
import java.util.List;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * The HTTP client of the calls to the backends: Spring Cloud Gateway's, with a bounded queue of
 * pending acquires, connection tracking and a pool per event loop, and a client without a pool for
 * second attempts.
 */
@Configuration(proxyBeanMethods = false)
class BackendClientConfiguration {

  /**
   * Backend calls run on the server's event loops, so that each can stay on its request's thread
   * ({@code EventLoopClients}).
   */
  @Bean
  HttpClientCustomizer serverEventLoopsForBackendCalls(ServerEventLoops loops) {
    return client -> client.runOn(loops);
  }

  @Bean
  ConnectionTracking connectionTracking() {
    return new ConnectionTracking();
  }

  /**
   * Replaces Spring Cloud Gateway's {@code gatewayHttpClientFactory}, which steps back when an
   * {@code HttpClientFactory} exists.
   */
  @Bean
  BackendHttpClientFactory stranglerHttpClientFactory(
      HttpClientProperties properties,
      ServerProperties serverProperties,
      HttpClientSslConfigurer sslConfigurer,
      List<HttpClientCustomizer> customizers,
      StranglerProperties strangler) {
    return new BackendHttpClientFactory(
        properties,
        serverProperties,
        sslConfigurer,
        customizers,
        strangler.backend().maxPendingAcquires(),
        strangler.backend().readTimeout(),
        strangler.backend().poolPerEventLoop());
  }

  @Bean
  BackendClients backendClients(BackendHttpClientFactory factory, HttpClient httpClient) {
    return new BackendClients(factory.eventLoopClients(httpClient), factory.newConnectionsClient());
  }
}
