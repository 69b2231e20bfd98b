package dev.strangler.gateway.state;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the runtime state of the gateway: rollouts set at runtime, plan states and the audit log.
 *
 * <p>Reads return what is in memory and never block, so the request path never waits on the store.
 * Every write is durable when it returns and may block on I/O, so it must not run on an event loop.
 * A change and its audit entry are written together: either both are kept or neither is. Each
 * route's state carries a version, and a write names the version it was made from, so that
 * concurrent writers (several replicas sharing one store) never lose a change silently.
 */
public interface StateStore {

  /**
   * Opens the {@code file} store: the whole state in one JSON file, replaced atomically on every
   * change. Reads the file if there is one, else starts empty (the file is written on the first
   * change).
   *
   * @param file the state file
   * @param auditCapacity the most audit entries kept, at least 1
   * @return the store
   * @throws IllegalArgumentException when {@code auditCapacity} is below 1
   * @throws IllegalStateException when the file cannot be read as state, or its directory cannot be
   *     written
   */
  static StateStore file(Path file, int auditCapacity) {
    return FileStateStore.open(file, auditCapacity);
  }

  /**
   * Returns the kind of store, {@code file} or {@code redis}, as the {@code store} tag of {@code
   * strangler_state_store_up} names it.
   */
  String kind();

  /** Returns the runtime state of every route that has some, by route id. */
  Map<String, RouteState> routes();

  /**
   * Returns its runtime state, {@link RouteState#NONE} when it has none.
   *
   * @param routeId a route
   * @return its runtime state, {@link RouteState#NONE} when it has none
   */
  default RouteState route(String routeId) {
    return routes().getOrDefault(routeId, RouteState.NONE);
  }

  /** Returns the runtime rollouts by route id. */
  default Map<String, RolloutOverride> rollouts() {
    Map<String, RolloutOverride> rollouts = new LinkedHashMap<>();
    routes()
        .forEach(
            (id, state) -> {
              RolloutOverride rollout = state.rollout();
              if (rollout != null) {
                rollouts.put(id, rollout);
              }
            });
    return rollouts;
  }

  /** Returns the runtime targets by route id. */
  default Map<String, TargetsOverride> targets() {
    Map<String, TargetsOverride> targets = new LinkedHashMap<>();
    routes()
        .forEach(
            (id, state) -> {
              TargetsOverride routeTargets = state.targets();
              if (routeTargets != null) {
                targets.put(id, routeTargets);
              }
            });
    return targets;
  }

  /** Returns the plan states by route id. */
  default Map<String, PlanRecord> plans() {
    Map<String, PlanRecord> plans = new LinkedHashMap<>();
    routes()
        .forEach(
            (id, state) -> {
              PlanRecord plan = state.plan();
              if (plan != null) {
                plans.put(id, plan);
              }
            });
    return plans;
  }

  /**
   * The most recent audit entries.
   *
   * @param limit the most entries returned
   * @return newest first
   */
  List<AuditEntry> audit(int limit);

  /** Returns the most audit entries kept; older ones are dropped. */
  int auditCapacity();

  /**
   * Writes a route's runtime state and its audit entry, if the route's state is still at the
   * version the change was made from.
   *
   * @param write the change
   * @return the route's state after the write, with its new version
   * @throws StateConflictException when the state changed since, or the lease named by the write is
   *     no longer held; nothing changed then
   * @throws StateStoreUnavailableException when the store cannot be reached; nothing changed then
   * @throws UncheckedIOException when the state could not be written; nothing changed then
   */
  RouteState write(RouteWrite write);

  /**
   * Adds an audit entry of a change kept elsewhere, e.g. a reset diff report.
   *
   * @param entry the entry
   * @throws StateStoreUnavailableException when the store cannot be reached
   * @throws UncheckedIOException when it could not be written
   */
  void append(AuditEntry entry);

  /**
   * Returns whether the store can be written now (always true for a file a write has not failed
   * on).
   */
  boolean available();

  /**
   * Registers a listener of changes of the shared state made elsewhere. A store of one gateway
   * never publishes any.
   *
   * @param listener runs on the store's own thread (never an event loop), one event at a time; what
   *     it throws is logged
   */
  default void onChanged(Consumer<StateChangedEvent> listener) {}
}
