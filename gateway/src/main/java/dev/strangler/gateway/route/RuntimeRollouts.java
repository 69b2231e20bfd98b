package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.FileBaseline;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.RolloutOverride;
import dev.strangler.gateway.state.RolloutSnapshot;
import dev.strangler.gateway.state.RouteState;
import dev.strangler.gateway.state.RouteWrite;
import dev.strangler.gateway.state.StateConflictException;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.state.StateStoreUnavailableException;
import dev.strangler.gateway.state.TargetsOverride;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.Targets;
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

  /** How often a write that met another replica's change is decided again. */
  static final int MAX_ATTEMPTS = 5;

  private final StateStore store;

  private final Clock clock;

  RuntimeRollouts(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Returns the runtime targets in the store, by route id; targets that are not valid (a state
   * written by hand) are left out, with a warning.
   */
  Map<String, Targets> targetsInForce() {
    Map<String, Targets> targets = new LinkedHashMap<>();
    store
        .targets()
        .forEach(
            (routeId, override) -> {
              try {
                targets.put(routeId, override.toTargets());
              } catch (IllegalArgumentException ex) {
                log.warn("Runtime targets of route " + routeId + " left out: " + ex.getMessage());
              }
            });
    return targets;
  }

  /** Returns the runtime rollouts in the store, by route id. */
  Map<String, Rollout> inForce() {
    Map<String, Rollout> rollouts = new LinkedHashMap<>();
    store
        .rollouts()
        .forEach((routeId, override) -> rollouts.put(routeId, override.rollout().toRollout()));
    return rollouts;
  }

  /**
   * The routes whose runtime state a reconciliation replaced: their rollout and plan, their
   * targets, or both.
   *
   * @param rollouts the routes whose runtime rollout and plan state were replaced, sorted
   * @param targets the routes whose runtime targets were replaced, sorted
   */
  record Reconciled(List<String> rollouts, List<String> targets) {

    Reconciled {
      rollouts = List.copyOf(new TreeSet<>(rollouts));
      targets = List.copyOf(new TreeSet<>(targets));
    }

    /** Every route replaced in some way, sorted. */
    List<String> all() {
      TreeSet<String> all = new TreeSet<>(rollouts);
      all.addAll(targets);
      return List.copyOf(all);
    }
  }

  /**
   * Removes the runtime state that the rules replace: the rollout and plan state of every route
   * whose rollout or plan in the file is no longer the one the state was kept against, the runtime
   * targets of every route whose targets in the file changed since they were set, and everything of
   * routes that left the file. What still holds is kept.
   *
   * <p>With a shared store, every replica that sees the same change of the file reconciles: the
   * removal is a compare-and-set on the state's version, so the first replica removes and audits
   * it, and the others find it gone. The routes are replaced in force all the same.
   *
   * @param rules the rules now in force
   * @return the routes whose runtime state was replaced
   */
  Reconciled reconcile(RulesFile rules) {
    Instant now = clock.instant();
    List<String> rolloutsReplaced = new ArrayList<>();
    List<String> targetsReplaced = new ArrayList<>();
    for (String routeId : new TreeSet<>(store.routes().keySet())) {
      RouteRule route = rules.route(routeId).orElse(null);
      RouteState state = store.route(routeId);
      boolean wantedRollout = false;
      boolean wantedTargets = false;
      for (int attempt = 0; ; attempt++) {
        boolean rolloutHolds = state.isEmpty() || rolloutHolds(state, route);
        boolean targetsHold = state.isEmpty() || targetsHold(state, route);
        if (rolloutHolds && targetsHold) {
          // another replica replaced what this one found to replace
          addIf(wantedRollout, rolloutsReplaced, routeId);
          addIf(wantedTargets, targetsReplaced, routeId);
          break;
        }
        wantedRollout |= !rolloutHolds;
        wantedTargets |= !targetsHold;
        AuditEntry entry =
            replacement(routeId, state, route, rules, rolloutHolds, targetsHold, now);
        try {
          store.write(
              new RouteWrite(
                  routeId,
                  state.version(),
                  rolloutHolds ? state.rollout() : null,
                  rolloutHolds ? state.plan() : null,
                  targetsHold ? state.targets() : null,
                  entry,
                  null));
          log.info("Runtime state of route " + routeId + " replaced: " + entry.reason());
          addIf(!rolloutHolds, rolloutsReplaced, routeId);
          addIf(!targetsHold, targetsReplaced, routeId);
          break;
        } catch (StateConflictException ex) {
          // another replica replaced it first, or changed it: judge what is there now
          state = ex.current();
          if (attempt + 1 >= MAX_ATTEMPTS) {
            addIf(!rolloutHolds, rolloutsReplaced, routeId);
            addIf(!targetsHold, targetsReplaced, routeId);
            log.error("Runtime state of route " + routeId + " kept changing; replaced in force");
            break;
          }
        } catch (UncheckedIOException | StateStoreUnavailableException ex) {
          // the rules file is in force all the same; the store keeps the stale state, which the
          // next reconciliation (the next reload, start, or return of the store) replaces again
          addIf(!rolloutHolds, rolloutsReplaced, routeId);
          addIf(!targetsHold, targetsReplaced, routeId);
          log.error(
              "Runtime state of route "
                  + routeId
                  + " replaced in force, but the state store could not forget it: "
                  + entry.reason(),
              ex);
          break;
        }
      }
    }
    return new Reconciled(rolloutsReplaced, targetsReplaced);
  }

  private static void addIf(boolean condition, List<String> list, String routeId) {
    if (condition && !list.contains(routeId)) {
      list.add(routeId);
    }
  }

  /** Whether a route's runtime rollout and plan state still hold for the route in the rules. */
  private static boolean rolloutHolds(RouteState state, @Nullable RouteRule route) {
    RolloutOverride override = state.rollout();
    PlanRecord plan = state.plan();
    if (override != null && !override.baseline().holdsFor(route)) {
      return false;
    }
    return plan == null || plan.baseline().holdsFor(route);
  }

  /** Whether a route's runtime targets still hold: the file's targets are those they replaced. */
  private static boolean targetsHold(RouteState state, @Nullable RouteRule route) {
    TargetsOverride targets = state.targets();
    return targets == null
        || (route != null
            && targets.fileTargets().equals(FileBaseline.targetsPrint(route.targets())));
  }

  private static AuditEntry replacement(
      String routeId,
      RouteState state,
      @Nullable RouteRule route,
      RulesFile rules,
      boolean rolloutHolds,
      boolean targetsHold,
      Instant now) {
    if (rolloutHolds) {
      return AuditEntry.ofRollout(
          now,
          AuditEntry.RULES_FILE,
          routeId,
          AuditAction.RULES_RELOAD_REPLACED,
          null,
          null,
          route == null
              ? "route " + routeId + " is no longer in the rules file"
              : "the rules file changed the targets of route "
                  + routeId
                  + " (rules "
                  + rules.version()
                  + "): its runtime targets are replaced by the file's");
    }
    FileBaseline before = baselineOf(state);
    RolloutOverride override = state.rollout();
    RolloutSnapshot from = override != null ? override.rollout() : before.rollout();
    RolloutSnapshot to = route == null ? null : RolloutSnapshot.of(route.rollout());
    String reason =
        why(routeId, before, route, rules)
            + (targetsHold || route == null
                ? ""
                : "; its runtime targets too, which the file changed");
    return AuditEntry.ofRollout(
        now, AuditEntry.RULES_FILE, routeId, AuditAction.RULES_RELOAD_REPLACED, from, to, reason);
  }

  private static FileBaseline baselineOf(RouteState state) {
    RolloutOverride override = state.rollout();
    if (override != null) {
      return override.baseline();
    }
    PlanRecord plan = state.plan();
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

  /**
   * Keeps and audits a rollout of one route, keeping its plan state.
   *
   * @param change the change
   * @param fileRoute the route in the rules in force
   * @param current the route's runtime state the change is made from
   * @return the audit entry
   * @throws StateConflictException when the route's state changed since {@code current}
   * @throws StateStoreUnavailableException when the store cannot be reached; nothing changed then
   * @throws UncheckedIOException when the store could not keep it; nothing changed then
   */
  AuditEntry put(RolloutChange change, RouteRule fileRoute, RouteState current) {
    return write(change, fileRoute, current, current.plan(), null);
  }

  /**
   * Keeps a plan's move of one route: its plan state, and its rollout when the move changes it, in
   * one write.
   *
   * @param move the move
   * @param fileRoute the route in the rules in force
   * @param current the route's runtime state the move was decided on
   * @return the audit entry written, or null when the move was not worth one
   * @throws StateConflictException when the route's state changed since {@code current}, or the
   *     lease that fences the move is no longer held
   * @throws StateStoreUnavailableException when the store cannot be reached; nothing changed then
   * @throws UncheckedIOException when the store could not keep it; nothing changed then
   */
  @Nullable AuditEntry putPlan(PlanWrite move, RouteRule fileRoute, RouteState current) {
    RolloutChange change = move.rollout();
    if (change != null) {
      return write(change, fileRoute, current, move.plan(), move.fence());
    }
    store.write(
        new RouteWrite(
            move.routeId(),
            current.version(),
            current.rollout(),
            move.plan(),
            current.targets(),
            move.entry(),
            move.fence()));
    return move.entry();
  }

  /**
   * Keeps and audits the targets of one route, keeping its rollout and plan state. Targets equal to
   * the rules file's are kept as none: the file's are in force again.
   *
   * @param change the change
   * @param fileRoute the route in the rules in force
   * @param current the route's runtime state the change is made from
   * @return the audit entry
   * @throws StateConflictException when the route's state changed since {@code current}
   * @throws StateStoreUnavailableException when the store cannot be reached; nothing changed then
   * @throws UncheckedIOException when the store could not keep it; nothing changed then
   */
  AuditEntry putTargets(TargetsChange change, RouteRule fileRoute, RouteState current) {
    Instant now = clock.instant();
    Targets before =
        current.targets() == null ? fileRoute.targets() : current.targets().toTargets();
    Targets after = change.targets();
    TargetsOverride override =
        after.equals(fileRoute.targets())
            ? null
            : new TargetsOverride(
                after.modern(),
                after.legacy(),
                FileBaseline.targetsPrint(fileRoute.targets()),
                change.who(),
                now,
                change.reason());
    AuditEntry entry =
        new AuditEntry(
            now,
            change.who(),
            change.routeId(),
            AuditAction.TARGETS.wireName(),
            null,
            null,
            change.reason(),
            TargetsChange.figures(before, after));
    store.write(
        new RouteWrite(
            change.routeId(),
            current.version(),
            current.rollout(),
            current.plan(),
            override,
            entry,
            null));
    return entry;
  }

  private AuditEntry write(
      RolloutChange change,
      RouteRule fileRoute,
      RouteState current,
      @Nullable PlanRecord plan,
      @Nullable String fence) {
    Instant now = clock.instant();
    RolloutSnapshot after = RolloutSnapshot.of(change.rollout());
    FileBaseline file = FileBaseline.of(fileRoute);
    RolloutOverride override = current.rollout();
    RolloutSnapshot before =
        override != null ? override.rollout() : RolloutSnapshot.of(fileRoute.rollout());
    AuditEntry entry =
        new AuditEntry(
            now,
            change.who(),
            change.routeId(),
            change.action().wireName(),
            before,
            after,
            change.reason(),
            change.figures(),
            change.gates());
    store.write(
        new RouteWrite(
            change.routeId(),
            current.version(),
            new RolloutOverride(
                after, file.rollout(), file.plan(), change.who(), now, change.reason()),
            plan,
            current.targets(),
            entry,
            fence));
    return entry;
  }
}
