package dev.strangler.gateway.state;

import java.util.List;
import java.util.Set;

/**
 * The shared state changed under this replica: another replica wrote it, or this replica (re)read
 * it from the store. Published by a shared store only; the state itself is read from the store.
 *
 * @param routeIds the routes whose runtime state changed
 * @param resynced whether the replica took the whole shared state anew (its first read, after the
 *     store came back, or after the store lost its content): the rules in force should then be
 *     reconciled with it
 * @param remoteEntries audit entries other replicas wrote since the last event, oldest first
 */
public record StateChangedEvent(
    Set<String> routeIds, boolean resynced, List<AuditEntry> remoteEntries) {

  /** Copies the collections. */
  public StateChangedEvent {
    routeIds = Set.copyOf(routeIds);
    remoteEntries = List.copyOf(remoteEntries);
  }
}
