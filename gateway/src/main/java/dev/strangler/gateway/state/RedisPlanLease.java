package dev.strangler.gateway.state;

import dev.strangler.gateway.support.PeriodicTask;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan lease in Redis: {@code SET NX PX} of a random token, renewed by its holder every third
 * of its time to live and released when the holder stops, so that another replica takes over at
 * once after a clean stop and within the time to live after a crash.
 *
 * <p>This replica counts itself the holder only until three quarters of the time to live after the
 * start of its last successful renewal, so it stops judging before another replica can have taken
 * the lease; the token in every plan write ({@link RouteWrite#fence()}) covers what is left (a
 * pause longer than that between the check and the write).
 */
final class RedisPlanLease implements PlanLease, SmartLifecycle {

  private static final Log log = LogFactory.getLog(RedisPlanLease.class);

  private final RedisCalls redis;

  private final RedisKeys keys;

  private final Duration ttl;

  private final String token;

  private final JsonMapper json;

  private final PeriodicTask renewal;

  private volatile long heldUntilNanos;

  private volatile boolean holder;

  RedisPlanLease(
      RedisCalls redis, RedisKeys keys, Duration ttl, String replicaId, JsonMapper json) {
    this.redis = redis;
    this.keys = keys;
    this.ttl = ttl;
    this.token = replicaId + "/" + UUID.randomUUID();
    this.json = json;
    Duration every = ttl.dividedBy(3);
    this.renewal = new PeriodicTask("strangler-plan-lease", this::renewSafely, every, every);
  }

  @Override
  public synchronized boolean acquire() {
    long started = System.nanoTime();
    boolean held;
    try {
      String answer =
          redis.script(
              "take the plan lease",
              RedisScripts.ACQUIRE,
              List.of(keys.lease()),
              List.of(token, Long.toString(ttl.toMillis())));
      held = json.readTree(answer).path("held").asBoolean();
    } catch (StateStoreUnavailableException ex) {
      held = false;
    }
    heldUntilNanos = held ? started + ttl.toNanos() * 3 / 4 : started;
    if (held != holder) {
      holder = held;
      log.info(
          held
              ? "This replica now judges the rollout plans (plan lease " + keys.lease() + ")"
              : "This replica no longer judges the rollout plans: another holds the plan lease,"
                  + " or Redis cannot be reached");
    }
    return held;
  }

  @Override
  public boolean held() {
    return holder && System.nanoTime() - heldUntilNanos < 0;
  }

  @Override
  public @Nullable String token() {
    return token;
  }

  private void renewSafely() {
    try {
      acquire();
    } catch (RuntimeException ex) {
      log.error("Renewing the plan lease failed", ex);
    }
  }

  @Override
  public void start() {
    renewal.start();
  }

  @Override
  public synchronized void stop() {
    renewal.stop();
    if (!holder) {
      return;
    }
    holder = false;
    heldUntilNanos = System.nanoTime();
    try {
      redis.script(
          "release the plan lease", RedisScripts.RELEASE, List.of(keys.lease()), List.of(token));
      log.info("Released the plan lease");
    } catch (StateStoreUnavailableException ex) {
      log.warn("Could not release the plan lease; it expires by itself: " + ex.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return renewal.isRunning();
  }

  /** Stops after the plan runner, before the store. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 2048;
  }
}
