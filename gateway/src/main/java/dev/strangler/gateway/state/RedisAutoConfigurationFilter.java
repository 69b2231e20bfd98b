package dev.strangler.gateway.state;

import dev.strangler.gateway.StranglerProperties;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's and Spring Cloud Gateway's Redis auto-configuration out unless {@code
 * strangler.state.store} is {@code redis}: the Redis client ships with the gateway for the redis
 * store, and without this a gateway on the {@code file} store (the demo, a single gateway) would
 * make a connection factory and a health check that try to reach a Redis it does not have.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class RedisAutoConfigurationFilter
    implements AutoConfigurationImportFilter, EnvironmentAware {

  private static final String SPRING_BOOT_REDIS = "org.springframework.boot.data.redis.";

  private static final String GATEWAY_REDIS =
      "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration";

  private boolean redisStore;

  @Override
  public void setEnvironment(Environment environment) {
    redisStore =
        StranglerProperties.State.REDIS.equals(
            environment.getProperty("strangler.state.store", StranglerProperties.State.FILE));
  }

  @Override
  public boolean[] match(String[] classNames, AutoConfigurationMetadata metadata) {
    boolean[] matches = new boolean[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      String name = classNames[i];
      matches[i] =
          redisStore
              || name == null
              || !(name.startsWith(SPRING_BOOT_REDIS) || name.equals(GATEWAY_REDIS));
    }
    return matches;
  }
}
