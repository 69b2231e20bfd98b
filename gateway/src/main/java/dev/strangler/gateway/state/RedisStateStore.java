package dev.strangler.gateway.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code redis} state store: one runtime state shared by every replica of the gateway.
 *
 * <p>Design: each replica holds a copy of the shared state in memory (the mirror) and reads only
 * that, so routing and every read of the admin API go on whatever Redis does. A write runs one Lua
 * script that checks the route's version (compare-and-set), takes the next number of a shared
 * sequence as the new version, writes the state and its audit entry, and publishes a notice: two
 * replicas writing at once are put in one order, and the second learns of the first instead of
 * overwriting it unseen. Replicas learn of changes from the notice (pub/sub, milliseconds) and, as
 * a safety net for a missed notice, by reading the sequence every {@code reconcile-interval}; when
 * it moved they read the whole state (it is small: one entry per route with runtime state) and tell
 * their listeners which routes changed. The audit log is a capped Redis stream, mirrored too.
 *
 * <p>A random epoch names the copy of the state in Redis. When Redis loses it (restarted without
 * persistence), the epoch is gone: a replica names a new one, and every replica that knew the lost
 * epoch writes back, audited, the state of each route it held and Redis no longer has; one of them
 * also writes back the audit log it held. So a restart of Redis never silently sends a route back
 * to the rules file's rollout mid-rollout.
 *
 * <p>All Redis work runs on the store's own thread or on the writer's (never an event loop), with
 * {@code strangler.state.redis.timeout} as the bound of each call; a failure marks the store
 * unavailable until a later read succeeds.
 */
final class RedisStateStore implements StateStore, SmartLifecycle {

  private static final Log log = LogFactory.getLog(RedisStateStore.class);

  /** Audit entries read in one call. */
  private static final int AUDIT_BATCH = 1000;

  private final RedisCalls redis;

  private final ReactiveRedisConnectionFactory connections;

  private final RedisKeys keys;

  private final Duration reconcileInterval;

  private final int auditCapacity;

  private final JsonMapper json;

  private final Clock clock;

  private final String replicaId;

  private final List<Consumer<StateChangedEvent>> listeners = new CopyOnWriteArrayList<>();

  private final AtomicBoolean dirty = new AtomicBoolean();

  private final Object lock = new Object();

  /** Guarded by {@link #lock}: the epoch the mirror belongs to, null before the first read. */
  private @Nullable String epoch;

  /** Guarded by {@link #lock}: the shared sequence the mirror was read at. */
  private long sequence = -1;

  /** Guarded by {@link #lock}: routes this replica wrote, with the version it wrote. */
  private final Map<String, Long> ownWrites = new HashMap<>();

  /** Guarded by {@link #lock}: the newest audit entries by stream id, oldest first. */
  private final TreeMap<StreamId, AuditEntry> auditLog = new TreeMap<>();

  /** Guarded by {@link #lock}: the last stream id read from Redis. */
  private @Nullable StreamId auditReadTo;

  private volatile Map<String, RouteState> mirror = Map.of();

  private volatile boolean available;

  private volatile boolean everAvailable;

  private volatile @Nullable String lastError;

  private volatile Instant since;

  private volatile boolean running;

  private @Nullable Thread syncThread;

  private @Nullable ReactiveRedisMessageListenerContainer container;

  private volatile @Nullable Disposable subscription;

  RedisStateStore(
      RedisCalls redis,
      ReactiveRedisConnectionFactory connections,
      RedisKeys keys,
      Duration reconcileInterval,
      int auditCapacity,
      JsonMapper json,
      Clock clock,
      String replicaId) {
    if (auditCapacity < 1) {
      throw new IllegalArgumentException(
          "strangler.state.audit-capacity: " + auditCapacity + " (expected: at least 1)");
    }
    this.redis = redis;
    this.connections = connections;
    this.keys = keys;
    this.reconcileInterval = reconcileInterval;
    this.auditCapacity = auditCapacity;
    this.json = json;
    this.clock = clock;
    this.replicaId = replicaId;
    this.since = clock.instant();
  }

  /**
   * Reads the shared state once, so that the gateway starts with it; when Redis cannot be reached,
   * the gateway starts with the rules file alone and takes the shared state when Redis answers.
   */
  void readAtStart() {
    for (int round = 0; round < 3 && syncOnce(); round++) {
      // a new epoch was named: read it
    }
    if (!available) {
      log.warn(
          "Redis cannot be reached ("
              + lastError
              + "): this replica serves with the rules file and takes the shared runtime state "
              + "as soon as Redis answers; admin changes answer 503 until then");
    }
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public Map<String, RouteState> routes() {
    return mirror;
  }

  @Override
  public List<AuditEntry> audit(int limit) {
    synchronized (lock) {
      List<AuditEntry> newestFirst = new ArrayList<>(Math.min(limit, auditLog.size()));
      for (AuditEntry entry : auditLog.descendingMap().values()) {
        if (newestFirst.size() >= limit) {
          break;
        }
        newestFirst.add(entry);
      }
      return newestFirst;
    }
  }

  @Override
  public int auditCapacity() {
    return auditCapacity;
  }

  @Override
  public boolean available() {
    return available;
  }

  /** Returns why the store was last unavailable, or null. */
  @Nullable String lastError() {
    return lastError;
  }

  /** Returns when the store last became available or unavailable. */
  Instant since() {
    return since;
  }

  /** Returns the key prefix. */
  String keyPrefix() {
    return keys.prefix();
  }

  @Override
  public void onChanged(Consumer<StateChangedEvent> listener) {
    listeners.add(listener);
  }

  @Override
  public RouteState write(RouteWrite write) {
    String currentEpoch = requireEpoch("change route " + write.routeId());
    String state =
        write.removes()
            ? ""
            : json.writeValueAsString(new Stored(write.rollout(), write.plan(), write.targets()));
    AuditEntry entry = write.entry();
    String answer =
        call(
            () ->
                redis.script(
                    "change route " + write.routeId(),
                    RedisScripts.WRITE,
                    List.of(
                        keys.routes(),
                        keys.versions(),
                        keys.seq(),
                        keys.epoch(),
                        keys.audit(),
                        keys.changes(),
                        keys.lease()),
                    List.of(
                        write.routeId(),
                        Long.toString(write.expectedVersion()),
                        state,
                        entry == null ? "" : json.writeValueAsString(entry),
                        Objects.requireNonNullElse(write.fence(), ""),
                        Integer.toString(auditCapacity),
                        currentEpoch)));
    JsonNode result = json.readTree(answer);
    switch (result.path("status").asString()) {
      case "ok" -> {
        long version = result.path("seq").asLong();
        RouteState after =
            write.removes()
                ? RouteState.NONE
                : new RouteState(version, write.rollout(), write.plan(), write.targets());
        synchronized (lock) {
          Map<String, RouteState> next = new HashMap<>(mirror);
          if (after.isEmpty()) {
            next.remove(write.routeId());
          } else {
            next.put(write.routeId(), after);
          }
          mirror = Map.copyOf(next);
          ownWrites.put(write.routeId(), version);
          if (entry != null) {
            remember(StreamId.parse(result.path("id").asString()), entry);
          }
        }
        return after;
      }
      case "conflict" -> {
        long version = result.path("version").asLong();
        String stored = result.path("state").asString();
        RouteState current =
            stored.isEmpty() || version == 0 ? RouteState.NONE : parse(stored, version);
        wake();
        throw new StateConflictException(
            "the state of route "
                + write.routeId()
                + " changed meanwhile: version "
                + version
                + " (expected: "
                + write.expectedVersion()
                + ")",
            current);
      }
      case "fenced" ->
          throw new StateConflictException(
              "this replica no longer holds the plan lease: route "
                  + write.routeId()
                  + " was not changed",
              route(write.routeId()));
      default -> {
        wake();
        throw new StateStoreUnavailableException(
            "the shared state in Redis is not the one this replica holds (Redis lost it or was"
                + " replaced); it is being read again",
            null);
      }
    }
  }

  @Override
  public void append(AuditEntry entry) {
    String currentEpoch = requireEpoch("add an audit entry");
    String answer =
        call(
            () ->
                redis.script(
                    "add an audit entry",
                    RedisScripts.APPEND,
                    List.of(keys.seq(), keys.epoch(), keys.audit(), keys.changes()),
                    List.of(
                        json.writeValueAsString(entry),
                        Integer.toString(auditCapacity),
                        currentEpoch)));
    JsonNode result = json.readTree(answer);
    if (!"ok".equals(result.path("status").asString())) {
      wake();
      throw new StateStoreUnavailableException(
          "the shared state in Redis is being read again; the audit entry was not added", null);
    }
    synchronized (lock) {
      remember(StreamId.parse(result.path("id").asString()), entry);
    }
  }

  private String requireEpoch(String what) {
    String current;
    synchronized (lock) {
      current = epoch;
    }
    if (current == null) {
      throw new StateStoreUnavailableException(
          what
              + ": the shared state has not been read from Redis yet ("
              + Objects.requireNonNullElse(lastError, "not connected")
              + ")",
          null);
    }
    return current;
  }

  private String call(Supplier<String> call) {
    try {
      return call.get();
    } catch (StateStoreUnavailableException ex) {
      markDown(ex);
      throw ex;
    }
  }

  /** Asks the store's thread to read the shared state now. Never blocks. */
  private void wake() {
    dirty.set(true);
    Thread thread = syncThread;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Reads the shared state once: the epoch and the sequence, the whole state when they moved, the
   * new audit entries; tells the listeners what changed.
   *
   * @return whether it should run again at once (it named a new epoch)
   */
  boolean syncOnce() {
    try {
      Snapshot snapshot = snapshot();
      if (snapshot.epoch() == null) {
        Boolean named =
            redis.block(
                "name the shared state",
                redis
                    .template()
                    .opsForValue()
                    .setIfAbsent(keys.epoch(), UUID.randomUUID().toString()));
        if (Boolean.TRUE.equals(named)) {
          log.info("Named the shared runtime state in Redis (" + keys.epoch() + ")");
        }
        return true;
      }
      boolean wasDown = !available;
      markUp();
      apply(snapshot, wasDown);
      ensureSubscribed();
      return false;
    } catch (StateStoreUnavailableException ex) {
      markDown(ex);
      return false;
    } catch (RuntimeException ex) {
      markDown(new StateStoreUnavailableException("reading the shared state failed", ex));
      log.error("Reading the shared state from Redis failed", ex);
      redis.resetConnection("reading the shared state: " + ex);
      return false;
    }
  }

  private Snapshot snapshot() {
    String answer =
        redis.script(
            "read the shared state",
            RedisScripts.SNAPSHOT,
            List.of(keys.epoch(), keys.seq(), keys.routes(), keys.versions()),
            List.of());
    JsonNode tree = json.readTree(answer);
    String snapshotEpoch = tree.path("epoch").isString() ? tree.path("epoch").asString() : null;
    long seq = tree.path("seq").isString() ? Long.parseLong(tree.path("seq").asString()) : 0;
    Map<String, RouteState> routes = new HashMap<>();
    JsonNode versions = tree.path("versions");
    for (Map.Entry<String, JsonNode> route : tree.path("routes").properties()) {
      long version = Long.parseLong(versions.path(route.getKey()).asString("1"));
      routes.put(route.getKey(), parse(route.getValue().asString(), version));
    }
    return new Snapshot(snapshotEpoch, seq, routes);
  }

  private RouteState parse(String stored, long version) {
    Stored state = json.readValue(stored, Stored.class);
    return new RouteState(version, state.rollout(), state.plan(), state.targets());
  }

  /**
   * Puts a snapshot in the mirror, reads the new audit entries and tells the listeners. When the
   * epoch changed under a replica that knew the lost one, it first writes back what Redis lost and
   * reads the state again, so that no route goes back to the rules file's rollout even for a
   * moment.
   */
  private void apply(Snapshot read, boolean wasDown) {
    Snapshot snapshot = read;
    String lostEpoch;
    Map<String, RouteState> held;
    List<AuditEntry> heldAudit;
    synchronized (lock) {
      lostEpoch = epoch;
      held = mirror;
      heldAudit = List.copyOf(auditLog.values());
    }
    if (lostEpoch != null && !lostEpoch.equals(snapshot.epoch())) {
      restore(lostEpoch, held, heldAudit, snapshot);
      snapshot = snapshot();
      if (snapshot.epoch() == null) {
        return;
      }
    }
    Snapshot current = snapshot;
    String snapshotEpoch = Objects.requireNonNull(current.epoch(), "epoch");
    Map<String, RouteState> previous;
    Set<String> changed = new LinkedHashSet<>();
    boolean epochChanged;
    synchronized (lock) {
      epochChanged = !snapshotEpoch.equals(epoch);
      previous = mirror;
      if (epochChanged || current.seq() != sequence) {
        Map<String, RouteState> next = new HashMap<>(current.routes());
        if (epochChanged) {
          ownWrites.clear();
        } else {
          // a write of this replica newer than the snapshot stays as written
          ownWrites.forEach(
              (routeId, version) -> {
                if (version > current.seq()) {
                  RouteState mine = previous.get(routeId);
                  if (mine == null) {
                    next.remove(routeId);
                  } else {
                    next.put(routeId, mine);
                  }
                }
              });
          ownWrites.values().removeIf(version -> version <= current.seq());
        }
        Set<String> ids = new LinkedHashSet<>(previous.keySet());
        ids.addAll(next.keySet());
        for (String id : ids) {
          RouteState before = previous.get(id);
          RouteState after = next.get(id);
          if (before == null || after == null || before.version() != after.version()) {
            changed.add(id);
          }
        }
        mirror = Map.copyOf(next);
        epoch = snapshotEpoch;
        sequence = current.seq();
        if (epochChanged) {
          auditLog.clear();
          auditReadTo = null;
        }
      }
    }
    dirty.set(false);
    List<AuditEntry> remote = readAudit();
    boolean resynced = epochChanged || wasDown;
    if (!changed.isEmpty() || resynced || !remote.isEmpty()) {
      publish(new StateChangedEvent(changed, resynced, remote));
    }
  }

  /** Reads the audit entries added since the last read. Answers those other replicas wrote. */
  private List<AuditEntry> readAudit() {
    List<AuditEntry> remote = new ArrayList<>();
    for (int batch = 0; batch < auditCapacity / AUDIT_BATCH + 2; batch++) {
      StreamId from;
      synchronized (lock) {
        from = auditReadTo;
      }
      int count = from == null ? auditCapacity : AUDIT_BATCH;
      String answer =
          redis.script(
              "read the audit log",
              RedisScripts.AUDIT,
              List.of(keys.audit()),
              List.of(from == null ? "" : from.toString(), Integer.toString(count)));
      JsonNode rows = json.readTree(answer);
      int read = 0;
      synchronized (lock) {
        for (JsonNode row : rows) {
          read++;
          StreamId id = StreamId.parse(row.path(0).asString());
          AuditEntry entry = json.readValue(row.path(1).asString(), AuditEntry.class);
          if (remember(id, entry) && from != null) {
            remote.add(entry);
          }
          if (auditReadTo == null || id.compareTo(auditReadTo) > 0) {
            auditReadTo = id;
          }
        }
        if (auditReadTo == null) {
          auditReadTo = StreamId.ZERO;
        }
      }
      if (from == null || read < count) {
        break;
      }
    }
    return remote;
  }

  /** Keeps an entry in the mirrored log. Guarded by {@link #lock}. */
  private boolean remember(StreamId id, AuditEntry entry) {
    boolean added = auditLog.putIfAbsent(id, entry) == null;
    while (auditLog.size() > auditCapacity) {
      auditLog.pollFirstEntry();
    }
    return added;
  }

  /**
   * Writes back what Redis lost, in one script: the audit log this replica held (once, by the first
   * replica to claim it) and the state of every route this replica held that Redis does not have,
   * each audited.
   */
  private void restore(
      String lostEpoch,
      Map<String, RouteState> held,
      List<AuditEntry> heldAudit,
      Snapshot current) {
    Map<String, RouteState> now = current.routes();
    Map<String, RouteState> lost = new TreeMap<>();
    held.forEach(
        (routeId, state) -> {
          if (!now.containsKey(routeId)) {
            lost.put(routeId, state);
          }
        });
    if (lost.isEmpty() && heldAudit.isEmpty()) {
      return;
    }
    log.warn(
        "Redis lost the shared runtime state (epoch "
            + lostEpoch
            + " is gone: restarted without persistence?); writing back what this replica held: "
            + (lost.isEmpty()
                ? "its audit log"
                : "routes " + lost.keySet() + " and its audit log"));
    List<String> args = new ArrayList<>();
    args.add(Objects.requireNonNull(current.epoch(), "epoch"));
    args.add(Integer.toString(auditCapacity));
    args.add(Long.toString(held.values().stream().mapToLong(RouteState::version).max().orElse(0)));
    args.add(Integer.toString(heldAudit.size()));
    heldAudit.forEach(entry -> args.add(json.writeValueAsString(entry)));
    Instant at = clock.instant();
    lost.forEach(
        (routeId, state) -> {
          RolloutOverride rollout = state.rollout();
          args.add(routeId);
          args.add(json.writeValueAsString(new Stored(rollout, state.plan(), state.targets())));
          args.add(
              json.writeValueAsString(
                  new AuditEntry(
                      at,
                      AuditEntry.STATE_STORE,
                      routeId,
                      AuditAction.STATE_RESTORED.wireName(),
                      null,
                      rollout == null ? null : rollout.rollout(),
                      "Redis lost the shared runtime state (epoch "
                          + lostEpoch
                          + "); replica "
                          + replicaId
                          + " wrote back the state it held (version "
                          + state.version()
                          + ")",
                      Map.of())));
        });
    String answer =
        redis.script(
            "restore the shared state",
            RedisScripts.RESTORE,
            List.of(
                keys.epoch(),
                keys.audit(),
                keys.restored(lostEpoch),
                keys.routes(),
                keys.versions(),
                keys.seq(),
                keys.changes()),
            args);
    JsonNode restored = json.readTree(answer).path("restored");
    for (JsonNode routeId : restored) {
      log.warn("Wrote back the runtime state of route " + routeId.asString() + " into Redis");
    }
  }

  private void publish(StateChangedEvent event) {
    for (Consumer<StateChangedEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException ex) {
        log.error("A listener of shared state changes failed", ex);
      }
    }
  }

  private void markUp() {
    if (!available) {
      available = true;
      since = clock.instant();
      if (everAvailable) {
        log.info("Redis answers again: the shared runtime state is read and written again");
      }
      everAvailable = true;
      lastError = null;
    }
  }

  private void markDown(StateStoreUnavailableException error) {
    boolean wasUp = available;
    String before = lastError;
    available = false;
    lastError = error.getMessage();
    if (wasUp) {
      since = clock.instant();
    }
    if (wasUp || (before == null && everAvailable)) {
      log.warn(
          "Redis cannot be reached: routing goes on with the state in memory, admin changes answer"
              + " 503 and plans wait ("
              + error.getMessage()
              + ")");
    }
  }

  /** Listens to the notices of changes, once Redis answers. */
  private void ensureSubscribed() {
    Disposable current = subscription;
    if (current != null && !current.isDisposed()) {
      return;
    }
    try {
      ReactiveRedisMessageListenerContainer listening = container;
      if (listening == null) {
        listening = new ReactiveRedisMessageListenerContainer(connections);
        container = listening;
      }
      subscription =
          listening
              .receive(ChannelTopic.of(keys.changes()))
              .subscribe(
                  message -> wake(),
                  error -> {
                    log.debug("The notices of changes stopped: " + RedisCalls.describe(error));
                    subscription = null;
                  });
    } catch (RuntimeException ex) {
      log.debug("Cannot listen to the notices of changes yet: " + RedisCalls.describe(ex));
    }
  }

  private void run() {
    while (running) {
      boolean again = syncOnce();
      if (!again && !dirty.get()) {
        LockSupport.parkNanos(this, reconcileInterval.toNanos());
      }
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    Thread thread = new Thread(this::run, "strangler-state-sync");
    thread.setDaemon(true);
    syncThread = thread;
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    Thread thread = syncThread;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      syncThread = null;
    }
    Disposable current = subscription;
    if (current != null) {
      current.dispose();
      subscription = null;
    }
    ReactiveRedisMessageListenerContainer listening = container;
    if (listening != null) {
      listening.destroyLater().subscribe(done -> {}, error -> {});
      container = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops after the web servers, so that changes still propagate while requests drain. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public String toString() {
    return "redis state store " + keys.prefix() + "*";
  }

  /** A route's state as the {@code routes} hash keeps it; its version is kept beside it. */
  record Stored(
      @Nullable RolloutOverride rollout,
      @Nullable PlanRecord plan,
      @Nullable TargetsOverride targets) {}

  /** The shared state at one moment: its epoch (null when Redis has none), sequence and routes. */
  record Snapshot(@Nullable String epoch, long seq, Map<String, RouteState> routes) {}

  /** A Redis stream id, {@code millis-sequence}, in the stream's order. */
  record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    static final StreamId ZERO = new StreamId(0, 0);

    static StreamId parse(String id) {
      int dash = id.indexOf('-');
      if (dash < 0) {
        return new StreamId(Long.parseLong(id), 0);
      }
      return new StreamId(
          Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    @Override
    public int compareTo(StreamId other) {
      int byMillis = Long.compare(millis, other.millis);
      return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
      return millis + "-" + sequence;
    }
  }
}
