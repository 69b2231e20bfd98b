package dev.strangler.gateway.support;

import dev.strangler.gateway.StranglerProperties;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every layer of the gateway shares: time, randomness, timers, problem documents, the trusted
 * proxies and the drain at shutdown.
 */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  RandomGenerator routingRandom() {
    return new ThreadLocalRandomGenerator();
  }

  /** The server's event loops, which the backend and shadow clients run on. */
  @Bean
  ServerEventLoops serverEventLoops(ReactorResourceFactory resources) {
    return new ServerEventLoops(resources);
  }

  @Bean
  EventLoopSchedulers eventLoopSchedulers() {
    return new EventLoopSchedulers();
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper jsonMapper) {
    return new ProblemResponses(jsonMapper);
  }

  /** The proxies allowed to pass on forwarding headers, parsed once. */
  @Bean
  TrustedProxies trustedProxies(StranglerProperties properties) {
    return TrustedProxies.of(properties.forwarded().trustedProxies());
  }

  @Bean
  ShutdownDrain shutdownDrain(ApplicationContext context, StranglerProperties properties) {
    return new ShutdownDrain(context, properties.shutdown().drain());
  }
}
