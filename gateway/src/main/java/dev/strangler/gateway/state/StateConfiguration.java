package dev.strangler.gateway.state;

import dev.strangler.gateway.StranglerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The state store chosen by {@code strangler.state.store}. */
@Configuration(proxyBeanMethods = false)
class StateConfiguration {

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
}
