package dev.strangler.gateway.state;

import dev.strangler.gateway.config.StranglerProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The state store chosen by {@code strangler.state.store}, and the runtime rollouts kept in it. */
@Configuration(proxyBeanMethods = false)
public class RuntimeStateConfiguration {

  /** The only store of this build. */
  static final String FILE_STORE = "file";

  @Bean
  StateStore stateStore(StranglerProperties properties) {
    StranglerProperties.State state = properties.state();
    if (!FILE_STORE.equals(state.store())) {
      throw new IllegalStateException(
          "strangler.state.store: " + state.store() + " (expected: " + FILE_STORE + ")");
    }
    return FileStateStore.open(state.file(), state.auditCapacity());
  }

  @Bean
  RuntimeRollouts runtimeRollouts(StateStore store, Clock clock) {
    return new RuntimeRollouts(store, clock);
  }
}
