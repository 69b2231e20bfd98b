package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.FileBaseline;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.RolloutOverride;
import dev.strangler.gateway.state.RolloutSnapshot;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The runtime state of the routes in the state store, as the router puts it in force.
 *
 * <p>Runtime state (a rollout set at runtime, a plan's progress) is kept with the route's {@link
 * FileBaseline}: what the rules file said of the route at that time. {@link #reconcile} is the one
 * place where the rules in force (at start-up or after a reload) replace it: a route whose baseline
 * no longer holds loses its runtime state, and the replacement is audited as made by {@value
 * AuditEntry#RULES_FILE}. The router's runtime rollouts are always those left in the store, so the
 * router and the store agree.
 *
 * <p>Not thread-safe: {@link LiveRouter} calls it under its lock. Every method may block on the
 * store: none may run on an event loop.
 */
final class RuntimeRollouts {

  private static final Log log = LogFactory.getLog(RuntimeRollouts.class);

  private final StateStore store;

  private final Clock clock;

  RuntimeRollouts(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * @return the runtime rollouts in the store, by route id
   */
  Map<String, Rollout> inForce() {
    Map<String, Rollout> rollouts = new LinkedHashMap<>();
    store
        .rollouts()
        .forEach((routeId, override) -> rollouts.put(routeId, override.rollout().toRollout()));
    return rollouts;
  }

  /**
   * Removes the runtime state that the rules replace: that of every route whose rollout or plan in
   * the file is no longer the one the state was kept against, or that left the file.
   *
   * @param rules the rules now in force
   * @return the ids of the routes whose runtime state was replaced, sorted
   */
  List<String> reconcile(RulesFile rules) {
    Instant now = clock.instant();
    TreeSet<String> routeIds = new TreeSet<>(store.rollouts().keySet());
    routeIds.addAll(store.plans().keySet());
    List<String> replaced = new ArrayList<>();
    for (String routeId : routeIds) {
      RouteRule route = rules.route(routeId).orElse(null);
      RolloutOverride override = store.rollouts().get(routeId);
      PlanRecord plan = store.plans().get(routeId);
      FileBaseline before = override != null ? override.baseline() : baselineOf(plan);
      if (before.holdsFor(route) && (plan == null || plan.baseline().holdsFor(route))) {
        continue;
      }
      RolloutSnapshot from = override != null ? override.rollout() : before.rollout();
      RolloutSnapshot to = route == null ? null : RolloutSnapshot.of(route.rollout());
      replace(routeId, now, from, to, why(routeId, before, route, rules));
      replaced.add(routeId);
    }
    return replaced;
  }

  private static FileBaseline baselineOf(@Nullable PlanRecord plan) {
    if (plan == null) {
      throw new IllegalStateException("a route in the store without rollout or plan");
    }
    return plan.baseline();
  }

  private static String why(
      String routeId, FileBaseline before, @Nullable RouteRule route, RulesFile rules) {
    if (route == null) {
      return "route " + routeId + " is no longer in the rules file";
    }
    FileBaseline now = FileBaseline.of(route);
    String what =
        !now.rollout().equals(before.rollout())
            ? "the rollout of route "
                + routeId
                + " from "
                + before.rollout()
                + " to "
                + now.rollout()
            : "the plan of route " + routeId;
    return "the rules file changed " + what + " (rules " + rules.version() + ")";
  }

  private void replace(
      String routeId,
      Instant now,
      RolloutSnapshot from,
      @Nullable RolloutSnapshot to,
      String reason) {
    try {
      store.removeRoute(
          routeId,
          AuditEntry.ofRollout(
              now,
              AuditEntry.RULES_FILE,
              routeId,
              AuditAction.RULES_RELOAD_REPLACED,
              from,
              to,
              reason));
      log.info("Runtime state of route " + routeId + " replaced: " + reason);
    } catch (UncheckedIOException ex) {
      // the rules file is in force all the same; the store keeps the stale state, which the next
      // reconciliation (the next reload or start) replaces again
      log.error(
          "Runtime state of route "
              + routeId
              + " replaced in force, but the state store could not forget it: "
              + reason,
          ex);
    }
  }

  /**
   * Keeps and audits a rollout of one route.
   *
   * @param change the change
   * @param fileRoute the route in the rules in force
   * @param before the route's rollout in force before
   * @return the audit entry
   * @throws UncheckedIOException when the store could not keep it; nothing changed then
   */
  AuditEntry put(RolloutChange change, RouteRule fileRoute, Rollout before) {
    Instant now = clock.instant();
    RolloutSnapshot after = RolloutSnapshot.of(change.rollout());
    FileBaseline file = FileBaseline.of(fileRoute);
    AuditEntry entry =
        new AuditEntry(
            now,
            change.who(),
            change.routeId(),
            change.action().wireName(),
            RolloutSnapshot.of(before),
            after,
            change.reason(),
            change.figures());
    store.putRollout(
        change.routeId(),
        new RolloutOverride(after, file.rollout(), file.plan(), change.who(), now, change.reason()),
        entry);
    return entry;
  }
}
