package dev.strangler.gateway.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The content of the {@code file} store's JSON file.
 *
 * @param format the version of this layout, {@value #FORMAT}
 * @param rollouts runtime rollouts by route id
 * @param plans plan states by route id
 * @param targets runtime targets by route id (a file written before targets existed has none)
 * @param versions the version of each route's state (a file written before versions existed has
 *     none: its routes are at version 1)
 * @param sequence the last version given out
 * @param audit the audit log, oldest first
 */
record StateDocument(
    int format,
    Map<String, RolloutOverride> rollouts,
    Map<String, PlanRecord> plans,
    Map<String, TargetsOverride> targets,
    Map<String, Long> versions,
    long sequence,
    List<AuditEntry> audit) {

  /** The layout written by this version. */
  static final int FORMAT = 1;

  StateDocument {
    rollouts = rollouts == null ? Map.of() : new TreeMap<>(rollouts);
    plans = plans == null ? Map.of() : new TreeMap<>(plans);
    targets = targets == null ? Map.of() : new TreeMap<>(targets);
    versions = versions == null ? Map.of() : new TreeMap<>(versions);
    audit = audit == null ? List.of() : List.copyOf(audit);
  }

  static StateDocument empty() {
    return new StateDocument(FORMAT, Map.of(), Map.of(), Map.of(), Map.of(), 0, List.of());
  }

  /** Every route's state, by route id. */
  Map<String, RouteState> routes() {
    TreeSet<String> ids = new TreeSet<>(rollouts.keySet());
    ids.addAll(plans.keySet());
    ids.addAll(targets.keySet());
    Map<String, RouteState> routes = new LinkedHashMap<>();
    for (String id : ids) {
      routes.put(
          id,
          new RouteState(
              versions.getOrDefault(id, 1L), rollouts.get(id), plans.get(id), targets.get(id)));
    }
    return routes;
  }

  /** This document with one route's state replaced, at a new version. */
  StateDocument with(
      String routeId,
      @Nullable RolloutOverride rollout,
      @Nullable PlanRecord plan,
      @Nullable TargetsOverride routeTargets) {
    long next = Math.max(sequence, maxVersion()) + 1;
    Map<String, RolloutOverride> nextRollouts = new TreeMap<>(rollouts);
    Map<String, PlanRecord> nextPlans = new TreeMap<>(plans);
    Map<String, TargetsOverride> nextTargets = new TreeMap<>(targets);
    Map<String, Long> nextVersions = new TreeMap<>(versions);
    put(nextRollouts, routeId, rollout);
    put(nextPlans, routeId, plan);
    put(nextTargets, routeId, routeTargets);
    if (rollout == null && plan == null && routeTargets == null) {
      nextVersions.remove(routeId);
    } else {
      nextVersions.put(routeId, next);
    }
    return new StateDocument(
        FORMAT, nextRollouts, nextPlans, nextTargets, nextVersions, next, audit);
  }

  private long maxVersion() {
    return versions.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static <V> void put(Map<String, V> map, String key, @Nullable V value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  /** This document with one more audit entry, the oldest dropped beyond {@code capacity}. */
  StateDocument withAudit(AuditEntry entry, int capacity) {
    List<AuditEntry> next = new ArrayList<>(Math.min(audit.size() + 1, capacity));
    int from = Math.max(0, audit.size() + 1 - capacity);
    next.addAll(audit.subList(Math.min(from, audit.size()), audit.size()));
    next.add(entry);
    return new StateDocument(FORMAT, rollouts, plans, targets, versions, sequence, next);
  }

  /** This document with at most {@code capacity} audit entries, the newest. */
  StateDocument trimmed(int capacity) {
    if (audit.size() <= capacity) {
      return this;
    }
    return new StateDocument(
        FORMAT,
        rollouts,
        plans,
        targets,
        versions,
        sequence,
        audit.subList(audit.size() - capacity, audit.size()));
  }
}
