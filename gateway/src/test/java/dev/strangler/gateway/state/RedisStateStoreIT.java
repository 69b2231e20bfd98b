package dev.strangler.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.gateway.support.RedisServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code redis} store against a real Redis: several stores on one key prefix stand for
 * replicas. Versions, notices, the capped audit stream, the lease's fence, a Redis that is down and
 * a Redis that comes back empty.
 */
class RedisStateStoreIT {

  @RegisterExtension static RedisServer redis = RedisServer.newInstance();

  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  static final RolloutSnapshot LEGACY = new RolloutSnapshot("legacy", BigDecimal.ZERO);

  static final RolloutSnapshot CANARY = new RolloutSnapshot("canary", new BigDecimal("12.5"));

  final List<LettuceConnectionFactory> factories = new ArrayList<>();

  final List<RedisStateStore> stores = new ArrayList<>();

  String prefix;

  @BeforeEach
  void prefix() {
    prefix = "test-" + UUID.randomUUID() + ":";
  }

  @AfterEach
  void close() {
    stores.forEach(RedisStateStore::stop);
    factories.forEach(LettuceConnectionFactory::destroy);
  }

  RedisCalls calls() {
    LettuceConnectionFactory factory = redis.newConnectionFactory();
    factories.add(factory);
    return new RedisCalls(new ReactiveStringRedisTemplate(factory), Duration.ofSeconds(2));
  }

  RedisStateStore store(String replica, int auditCapacity) {
    RedisCalls calls = calls();
    LettuceConnectionFactory factory = factories.get(factories.size() - 1);
    RedisStateStore store =
        new RedisStateStore(
            calls,
            factory,
            new RedisKeys(prefix),
            Duration.ofMillis(100),
            auditCapacity,
            StateConfiguration.stateJson(),
            Clock.systemUTC(),
            replica);
    store.readAtStart();
    store.start();
    stores.add(store);
    return store;
  }

  static AuditEntry entry(String reason) {
    return AuditEntry.ofRollout(AT, "admin", "orders", AuditAction.ROLLOUT, LEGACY, CANARY, reason);
  }

  static RolloutOverride canary(String reason) {
    return new RolloutOverride(CANARY, LEGACY, null, "admin", AT, reason);
  }

  @Test
  void change_onOneReplica_reachesTheOther_withAnEventNamingTheRoute() {
    RedisStateStore first = store("one", 10);
    RedisStateStore second = store("two", 10);
    List<StateChangedEvent> events = new CopyOnWriteArrayList<>();
    second.onChanged(events::add);

    RouteState written =
        first.write(new RouteWrite("orders", 0, canary("try"), null, null, entry("try"), null));

    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(second.route("orders")).isEqualTo(written));
    assertThat(events).anySatisfy(event -> assertThat(event.routeIds()).contains("orders"));
    assertThat(second.audit(10)).extracting(AuditEntry::reason).containsExactly("try");
    assertThat(events.stream().flatMap(event -> event.remoteEntries().stream()))
        .extracting(AuditEntry::reason)
        .containsExactly("try");
  }

  @Test
  void write_fromAStaleVersion_isRefused_withTheStoredState_andNothingChanges() {
    RedisStateStore first = store("one", 10);
    RedisStateStore second = store("two", 10);
    RouteState written =
        first.write(new RouteWrite("orders", 0, canary("first"), null, null, entry("first"), null));

    assertThatThrownBy(
            () ->
                second.write(
                    new RouteWrite(
                        "orders", 0, canary("second"), null, null, entry("second"), null)))
        .isInstanceOfSatisfying(
            StateConflictException.class, ex -> assertThat(ex.current()).isEqualTo(written));

    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(second.audit(10))
                    .extracting(AuditEntry::reason)
                    .containsExactly("first"));
    assertThat(second.route("orders")).isEqualTo(written);
  }

  @Test
  void audit_isACappedStream_newestFirst_onEveryReplica() {
    RedisStateStore first = store("one", 3);
    for (int i = 1; i <= 5; i++) {
      first.append(entry("change " + i));
    }
    RedisStateStore late = store("late", 3);

    assertThat(first.audit(10))
        .extracting(AuditEntry::reason)
        .containsExactly("change 5", "change 4", "change 3");
    assertThat(late.audit(10))
        .extracting(AuditEntry::reason)
        .containsExactly("change 5", "change 4", "change 3");
    assertThat(redis.command("XLEN", prefix + "audit")).isEqualTo("3");
  }

  @Test
  void fencedWrite_ofAJudgeThatLostTheLease_isRefused() {
    RedisStateStore store = store("one", 10);
    RedisCalls calls = calls();
    RedisPlanLease judge =
        new RedisPlanLease(
            calls, new RedisKeys(prefix), Duration.ofSeconds(5), "one", new JsonMapper());
    RedisPlanLease other =
        new RedisPlanLease(
            calls, new RedisKeys(prefix), Duration.ofSeconds(5), "two", new JsonMapper());
    assertThat(judge.acquire()).isTrue();
    assertThat(other.acquire()).isFalse();

    redis.command("DEL", prefix + "lease:plans");
    assertThat(other.acquire()).isTrue();

    assertThatThrownBy(
            () ->
                store.write(
                    new RouteWrite(
                        "orders", 0, canary("late"), null, null, entry("late"), judge.token())))
        .isInstanceOf(StateConflictException.class)
        .hasMessageContaining("no longer holds the plan lease");
    assertThat(store.routes()).isEmpty();
    assertThat(
            store.write(new RouteWrite("orders", 0, canary("ok"), null, null, null, other.token())))
        .extracting(RouteState::version)
        .isNotEqualTo(0L);
  }

  @Test
  void redisDown_writesFailFast_readsServeTheMirror_andItRecovers() {
    RedisStateStore store = store("one", 10);
    RouteState written =
        store.write(new RouteWrite("orders", 0, canary("kept"), null, null, entry("kept"), null));

    redis.stop();
    try {
      long started = System.nanoTime();
      assertThatThrownBy(
              () ->
                  store.write(
                      new RouteWrite(
                          "orders", written.version(), null, null, null, entry("lost"), null)))
          .isInstanceOf(StateStoreUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      await().atMost(Duration.ofSeconds(5)).until(() -> !store.available());
      assertThat(store.route("orders")).isEqualTo(written);
      assertThat(store.audit(10)).extracting(AuditEntry::reason).containsExactly("kept");
    } finally {
      redis.start();
    }

    await().atMost(Duration.ofSeconds(10)).until(store::available);
  }

  @Test
  void redisRestartedEmpty_replicasWriteBackTheirStateAndAuditOnce() {
    RedisStateStore first = store("one", 10);
    RedisStateStore second = store("two", 10);
    first.write(new RouteWrite("orders", 0, canary("set"), null, null, entry("set"), null));
    await().atMost(Duration.ofSeconds(2)).until(() -> second.route("orders").rollout() != null);

    redis.restart();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(redis.command("HGET", prefix + "routes", "orders")).isNotNull();
              assertThat(first.route("orders").rollout()).isEqualTo(canary("set"));
              assertThat(second.route("orders").rollout()).isEqualTo(canary("set"));
              assertThat(first.audit(10))
                  .extracting(AuditEntry::action)
                  .containsExactly("state-restored", "rollout");
              assertThat(second.audit(10))
                  .extracting(AuditEntry::action)
                  .containsExactly("state-restored", "rollout");
            });
    AuditEntry restored = first.audit(1).get(0);
    assertThat(restored.who()).isEqualTo(AuditEntry.STATE_STORE);
    assertThat(restored.to()).isEqualTo(CANARY);
    assertThat(restored.reason()).contains("Redis lost the shared runtime state");
    assertThat(Map.copyOf(first.routes())).isEqualTo(Map.copyOf(second.routes()));
  }
}
