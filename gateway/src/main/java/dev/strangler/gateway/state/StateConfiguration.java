package dev.strangler.gateway.state;

import dev.strangler.gateway.StranglerProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state store chosen by {@code strangler.state.store}, with the plan lease and the shared
 * figures that go with it: for {@code file}, a gateway alone; for {@code redis}, replicas sharing
 * one Redis through Spring Boot's {@code spring.data.redis.*} connection.
 */
@Configuration(proxyBeanMethods = false)
class StateConfiguration {

  @Bean
  StateStoreHealthIndicator stateStoreHealthIndicator(
      StateStore store, PlanLease lease, SharedFigures figures) {
    return new StateStoreHealthIndicator(store, lease, figures);
  }

  /**
   * Returns this replica's name: the host name (a pod's name in Kubernetes) with a random suffix,
   * so that a restarted replica is a new one.
   */
  static String replicaName() {
    String host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "gateway");
    String sane = host.replaceAll("[^A-Za-z0-9._-]", "").toLowerCase(Locale.ROOT);
    byte[] suffix = new byte[4];
    ThreadLocalRandom.current().nextBytes(suffix);
    return (sane.isEmpty() ? "gateway" : sane) + "-" + HexFormat.of().formatHex(suffix);
  }

  static JsonMapper stateJson() {
    return JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  }

  /** One gateway alone: its state in a file, its plans its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "strangler.state",
      name = "store",
      havingValue = StranglerProperties.State.FILE,
      matchIfMissing = true)
  static class FileStore {

    @Bean
    StateStore stateStore(StranglerProperties properties) {
      StranglerProperties.State state = properties.state();
      return FileStateStore.open(state.file(), state.auditCapacity());
    }

    @Bean
    PlanLease planLease() {
      return PlanLease.alone();
    }

    @Bean
    SharedFigures sharedFigures(Clock clock) {
      return SharedFigures.alone(replicaName(), clock.instant());
    }
  }

  /** Replicas sharing one Redis. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "strangler.state",
      name = "store",
      havingValue = StranglerProperties.State.REDIS)
  static class RedisStore {

    /**
     * A command sent while the connection is down fails at once instead of waiting in Lettuce's
     * queue for a reconnection: an admin write then answers 503 within the timeout.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer stranglerLettuceClientOptions() {
      return builder ->
          builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** Reconnects within a second of Redis coming back (Lettuce's default backs off to 30 s). */
    @Bean
    ClientResourcesBuilderCustomizer stranglerRedisReconnectDelay() {
      return builder ->
          builder.reconnectDelay(
              Delay.exponential(
                  Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }

    @Bean
    RedisCalls redisCalls(ReactiveStringRedisTemplate template, StranglerProperties properties) {
      return new RedisCalls(template, properties.state().redis().timeout());
    }

    @Bean
    RedisSharedFigures sharedFigures(
        RedisCalls redis, StranglerProperties properties, Clock clock) {
      StranglerProperties.Redis settings = properties.state().redis();
      return new RedisSharedFigures(
          redis,
          new RedisKeys(settings.keyPrefix()),
          settings.figuresInterval(),
          settings.figuresTtl(),
          replicaName(),
          clock,
          stateJson());
    }

    @Bean
    RedisPlanLease planLease(
        RedisCalls redis, StranglerProperties properties, RedisSharedFigures figures) {
      StranglerProperties.Redis settings = properties.state().redis();
      return new RedisPlanLease(
          redis,
          new RedisKeys(settings.keyPrefix()),
          settings.leaseTtl(),
          figures.replicaId(),
          stateJson());
    }

    @Bean
    RedisStateStore stateStore(
        RedisCalls redis,
        ReactiveRedisConnectionFactory connections,
        StranglerProperties properties,
        Clock clock,
        RedisSharedFigures figures) {
      requireSharedAdminToken(properties.admin());
      StranglerProperties.State state = properties.state();
      RedisStateStore store =
          new RedisStateStore(
              redis,
              connections,
              new RedisKeys(state.redis().keyPrefix()),
              state.redis().reconcileInterval(),
              state.auditCapacity(),
              stateJson(),
              clock,
              figures.replicaId());
      store.readAtStart();
      return store;
    }

    /**
     * A token generated at start-up would differ on every replica behind one Service: with the
     * shared store, the admin token must be configured.
     */
    static void requireSharedAdminToken(StranglerProperties.Admin admin) {
      String token = admin.token();
      Map<String, String> named = admin.tokens();
      if ((token == null || token.isBlank()) && named.isEmpty()) {
        throw new IllegalStateException(
            "strangler.admin.token: <missing> (expected: a token when strangler.state.store=redis;"
                + " replicas behind one Service must accept the same token, so none is generated."
                + " Set strangler.admin.token or STRANGLER_ADMIN_TOKEN, e.g. from a Secret)");
      }
    }
  }
}
