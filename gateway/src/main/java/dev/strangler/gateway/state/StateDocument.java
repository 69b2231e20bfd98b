package dev.strangler.gateway.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of the {@code file} store's JSON file.
 *
 * @param format the version of this layout, {@value #FORMAT}
 * @param rollouts runtime rollouts by route id
 * @param plans plan states by route id
 * @param audit the audit log, oldest first
 */
record StateDocument(
    int format,
    Map<String, RolloutOverride> rollouts,
    Map<String, PlanRecord> plans,
    List<AuditEntry> audit) {

  /** The layout written by this version. */
  static final int FORMAT = 1;

  StateDocument {
    rollouts = rollouts == null ? Map.of() : new TreeMap<>(rollouts);
    plans = plans == null ? Map.of() : new TreeMap<>(plans);
    audit = audit == null ? List.of() : List.copyOf(audit);
  }

  static StateDocument empty() {
    return new StateDocument(FORMAT, Map.of(), Map.of(), List.of());
  }

  StateDocument withRollout(String routeId, RolloutOverride override) {
    Map<String, RolloutOverride> next = new TreeMap<>(rollouts);
    next.put(routeId, override);
    return new StateDocument(FORMAT, next, plans, audit);
  }

  StateDocument withPlan(String routeId, PlanRecord plan) {
    Map<String, PlanRecord> next = new TreeMap<>(plans);
    next.put(routeId, plan);
    return new StateDocument(FORMAT, rollouts, next, audit);
  }

  StateDocument withoutRoute(String routeId) {
    Map<String, RolloutOverride> nextRollouts = new TreeMap<>(rollouts);
    nextRollouts.remove(routeId);
    Map<String, PlanRecord> nextPlans = new TreeMap<>(plans);
    nextPlans.remove(routeId);
    return new StateDocument(FORMAT, nextRollouts, nextPlans, audit);
  }

  /** This document with one more audit entry, the oldest dropped beyond {@code capacity}. */
  StateDocument withAudit(AuditEntry entry, int capacity) {
    List<AuditEntry> next = new ArrayList<>(Math.min(audit.size() + 1, capacity));
    int from = Math.max(0, audit.size() + 1 - capacity);
    next.addAll(audit.subList(Math.min(from, audit.size()), audit.size()));
    next.add(entry);
    return new StateDocument(FORMAT, rollouts, plans, next);
  }

  /** This document with at most {@code capacity} audit entries, the newest. */
  StateDocument trimmed(int capacity) {
    if (audit.size() <= capacity) {
      return this;
    }
    return new StateDocument(
        FORMAT, rollouts, plans, audit.subList(audit.size() - capacity, audit.size()));
  }
}
