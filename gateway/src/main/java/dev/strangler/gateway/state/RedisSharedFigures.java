package dev.strangler.gateway.state;

import dev.strangler.gateway.support.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared figures through Redis: every {@code figures-interval}, one script writes this replica's
 * sections to a hash that expires after {@code figures-ttl} and answers the other live replicas'
 * hashes, which are kept in memory until the next exchange. Readers never wait on Redis.
 *
 * <p>Staleness: another replica's figures are at most one of its intervals plus one of ours old
 * (two intervals, 2 s by default); a replica that stopped publishing counts until its hash expires
 * ({@code figures-ttl}, 5 s by default) and not after. A replica that stops cleanly withdraws its
 * figures at once.
 */
final class RedisSharedFigures implements SharedFigures, SmartLifecycle {

  private static final Log log = LogFactory.getLog(RedisSharedFigures.class);

  private static final String STARTED_AT = "@startedAt";

  private static final String PUBLISHED_AT = "@publishedAt";

  private final RedisCalls redis;

  private final RedisKeys keys;

  private final Duration ttl;

  private final String replicaId;

  private final Instant startedAt;

  private final Clock clock;

  private final JsonMapper json;

  private final Map<String, Supplier<Object>> sections = new ConcurrentHashMap<>();

  private final PeriodicTask exchange;

  private volatile Map<String, Map<String, ReplicaSection>> others = Map.of();

  private volatile boolean failing;

  RedisSharedFigures(
      RedisCalls redis,
      RedisKeys keys,
      Duration interval,
      Duration ttl,
      String replicaId,
      Clock clock,
      JsonMapper json) {
    this.redis = redis;
    this.keys = keys;
    this.ttl = ttl;
    this.replicaId = replicaId;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.json = json;
    this.exchange =
        new PeriodicTask("strangler-shared-figures", this::exchangeSafely, Duration.ZERO, interval);
  }

  @Override
  public String replicaId() {
    return replicaId;
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public void contribute(String section, Supplier<Object> figures) {
    sections.put(section, figures);
  }

  @Override
  public Map<String, ReplicaSection> others(String section) {
    return others.getOrDefault(section, Map.of());
  }

  /** Publishes this replica's sections and reads the others'. Called by its thread, and tests. */
  void exchange() {
    List<String> args = new ArrayList<>();
    args.add(keys.figuresPrefix());
    args.add(replicaId);
    args.add(Long.toString(ttl.toMillis()));
    args.add(STARTED_AT);
    args.add(startedAt.toString());
    args.add(PUBLISHED_AT);
    args.add(clock.instant().toString());
    sections.forEach(
        (name, figures) -> {
          args.add(name);
          args.add(json.writeValueAsString(figures.get()));
        });
    String answer =
        redis.script(
            "exchange figures", RedisScripts.EXCHANGE_FIGURES, List.of(keys.replicas()), args);
    Map<String, Map<String, ReplicaSection>> read = new HashMap<>();
    for (Map.Entry<String, JsonNode> replica : json.readTree(answer).properties()) {
      JsonNode fields = replica.getValue();
      Instant started = Instant.parse(fields.path(STARTED_AT).asString(Instant.EPOCH.toString()));
      Instant published =
          Instant.parse(fields.path(PUBLISHED_AT).asString(Instant.EPOCH.toString()));
      for (Map.Entry<String, JsonNode> field : fields.properties()) {
        if (field.getKey().startsWith("@")) {
          continue;
        }
        read.computeIfAbsent(field.getKey(), name -> new HashMap<>())
            .put(
                replica.getKey(),
                new ReplicaSection(started, published, json.readTree(field.getValue().asString())));
      }
    }
    Map<String, Map<String, ReplicaSection>> copy = new HashMap<>();
    read.forEach((section, replicas) -> copy.put(section, Map.copyOf(replicas)));
    others = Map.copyOf(copy);
  }

  private void exchangeSafely() {
    try {
      exchange();
      if (failing) {
        log.info("Figures are exchanged with the other replicas again");
      }
      failing = false;
    } catch (RuntimeException ex) {
      if (!failing) {
        log.warn(
            "Figures cannot be exchanged with the other replicas; the merged views show the last"
                + " ones read until their time to live ("
                + RedisCalls.describe(ex)
                + ")");
      }
      failing = true;
      expireStale();
    }
  }

  /** Drops the copies older than the time to live, as Redis would have. */
  private void expireStale() {
    Instant oldest = clock.instant().minus(ttl);
    Map<String, Map<String, ReplicaSection>> copy = new HashMap<>();
    others.forEach(
        (section, replicas) -> {
          Map<String, ReplicaSection> fresh = new HashMap<>();
          replicas.forEach(
              (id, figures) -> {
                if (figures.publishedAt().isAfter(oldest)) {
                  fresh.put(id, figures);
                }
              });
          copy.put(section, Map.copyOf(fresh));
        });
    others = Map.copyOf(copy);
  }

  @Override
  public void start() {
    exchange.start();
  }

  @Override
  public void stop() {
    exchange.stop();
    try {
      redis.script(
          "withdraw figures",
          RedisScripts.WITHDRAW_FIGURES,
          List.of(keys.replicas()),
          List.of(keys.figuresPrefix(), replicaId));
    } catch (StateStoreUnavailableException ex) {
      log.debug("Could not withdraw this replica's figures; they expire: " + ex.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return exchange.isRunning();
  }

  /** Stops after the web servers, so that drained requests still count. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
