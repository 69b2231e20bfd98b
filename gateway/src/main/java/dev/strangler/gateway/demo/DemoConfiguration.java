package dev.strangler.gateway.demo;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** Starts the demo services of the {@code demo} profile. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfiguration {

  @Bean
  DemoBackends demoBackends(
      @Value("${strangler.demo.legacy-port:18081}") int legacyPort,
      @Value("${strangler.demo.modern-port:18082}") int modernPort,
      Clock clock) {
    return new DemoBackends(legacyPort, modernPort, clock);
  }
}
