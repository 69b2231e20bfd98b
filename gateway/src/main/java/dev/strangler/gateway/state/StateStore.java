package dev.strangler.gateway.state;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the runtime state of the gateway: rollouts set at runtime, plan states and the audit log.
 *
 * <p>Reads return what is in memory and never block. Every write is durable when it returns and may
 * block on I/O, so it must not run on an event loop. A change and its audit entry are written
 * together: either both are kept or neither is.
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
   * @return the runtime rollouts by route id
   */
  Map<String, RolloutOverride> rollouts();

  /**
   * @return the plan states by route id
   */
  Map<String, PlanRecord> plans();

  /**
   * The most recent audit entries.
   *
   * @param limit the most entries returned
   * @return newest first
   */
  List<AuditEntry> audit(int limit);

  /**
   * @return the most audit entries kept; older ones are dropped
   */
  int auditCapacity();

  /**
   * Sets the runtime rollout of a route.
   *
   * @param routeId the route
   * @param override its rollout
   * @param entry the audit entry of the change
   * @throws UncheckedIOException when it could not be written; nothing changed then
   */
  void putRollout(String routeId, RolloutOverride override, AuditEntry entry);

  /**
   * Sets the plan state of a route.
   *
   * @param routeId the route
   * @param plan its plan state
   * @param entry the audit entry of the change, or null when the change is not worth one (a plan's
   *     progress within a step)
   * @throws UncheckedIOException when it could not be written; nothing changed then
   */
  void putPlan(String routeId, PlanRecord plan, @Nullable AuditEntry entry);

  /**
   * Removes all runtime state of a route: its rollout and its plan state.
   *
   * @param routeId the route
   * @param entry the audit entry of the change
   * @throws UncheckedIOException when it could not be written; nothing changed then
   */
  void removeRoute(String routeId, AuditEntry entry);

  /**
   * Adds an audit entry of a change kept elsewhere, e.g. a reset diff report.
   *
   * @param entry the entry
   * @throws UncheckedIOException when it could not be written
   */
  void append(AuditEntry entry);
}
