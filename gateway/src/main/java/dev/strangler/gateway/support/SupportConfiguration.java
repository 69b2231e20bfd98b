package dev.strangler.gateway.support;

import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** What every layer of the gateway shares: time, randomness, timers and problem documents. */
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

  @Bean
  EventLoopSchedulers eventLoopSchedulers() {
    return new EventLoopSchedulers();
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper jsonMapper) {
    return new ProblemResponses(jsonMapper);
  }
}
