package dev.strangler.gateway.state;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import dev.strangler.rules.RulesFile;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the router's runtime rollouts and the state store in step.
 *
 * <p>A rollout set at runtime is stored with the route's rollout in the rules file at that time.
 * When the rules in force (at start-up or after a reload) give a route another rollout than that
 * one, or no longer have the route, the file wins: the route's runtime state (rollout and plan
 * state) is removed and the replacement is audited as made by {@value AuditEntry#RULES_FILE}.
 * {@link LiveRouter} applies the same rule to the rollouts in force, so the router and the store
 * agree.
 *
 * <p>Changes go through {@link LiveRouter#exclusively}, so a reload cannot slip in between the
 * stored change and the router change. Every method may block on the store: none may run on an
 * event loop.
 */
public final class RuntimeRollouts {

  private static final Log log = LogFactory.getLog(RuntimeRollouts.class);

  private final StateStore store;

  private final Clock clock;

  public RuntimeRollouts(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * @return the store behind
   */
  public StateStore store() {
    return store;
  }

  /**
   * For start-up: removes the stored state that the rules replace and returns the runtime rollouts
   * that still apply.
   *
   * @param rules the rules the gateway starts with
   * @return the runtime rollouts by route id
   */
  public Map<String, Rollout> inForce(RulesFile rules) {
    reconcile(rules);
    Map<String, Rollout> rollouts = new LinkedHashMap<>();
    store
        .rollouts()
        .forEach((routeId, override) -> rollouts.put(routeId, override.rollout().toRollout()));
    if (!rollouts.isEmpty()) {
      log.info("Runtime rollouts from " + store + " in force: " + rollouts.keySet());
    }
    return rollouts;
  }

  /**
   * Removes the stored state that a router's rules replace; a {@link LiveRouter#onChange} listener.
   *
   * @param router the router now in force
   */
  public void reconcile(Router router) {
    reconcile(router.rules());
  }

  private void reconcile(RulesFile rules) {
    Instant now = clock.instant();
    for (Map.Entry<String, RolloutOverride> stored : List.copyOf(store.rollouts().entrySet())) {
      String routeId = stored.getKey();
      RolloutOverride override = stored.getValue();
      Optional<RouteRule> route = rules.route(routeId);
      if (route.isEmpty()) {
        replace(
            routeId,
            now,
            override.rollout(),
            null,
            "route " + routeId + " is no longer in the rules file");
      } else if (!route.get().rollout().equals(override.fileRollout().toRollout())) {
        RolloutSnapshot file = RolloutSnapshot.of(route.get().rollout());
        replace(
            routeId,
            now,
            override.rollout(),
            file,
            "the rules file changed the rollout of route "
                + routeId
                + " from "
                + override.fileRollout()
                + " to "
                + file
                + " (rules "
                + rules.version()
                + ")");
      }
    }
    for (Map.Entry<String, PlanRecord> stored : List.copyOf(store.plans().entrySet())) {
      String routeId = stored.getKey();
      Optional<RouteRule> route = rules.route(routeId);
      if (store.rollouts().containsKey(routeId)) {
        continue;
      }
      if (route.isEmpty()
          || !route.get().rollout().equals(stored.getValue().fileRollout().toRollout())) {
        RolloutSnapshot file = route.map(r -> RolloutSnapshot.of(r.rollout())).orElse(null);
        replace(
            routeId,
            now,
            stored.getValue().fileRollout(),
            file,
            "the rules file replaced the plan state of route "
                + routeId
                + " (rules "
                + rules.version()
                + ")");
      }
    }
  }

  private void replace(
      String routeId,
      Instant now,
      RolloutSnapshot from,
      @Nullable RolloutSnapshot to,
      String reason) {
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
  }

  /**
   * Puts a rollout of one route in force at once, and keeps and audits it.
   *
   * @param router the live router
   * @param change the change
   * @return the audit entry, or empty when the rules in force have no such route
   * @throws java.io.UncheckedIOException when the store could not keep it; nothing changed then
   */
  public Optional<AuditEntry> apply(LiveRouter router, RolloutChange change) {
    return router.exclusively(
        () -> {
          Router current = router.current();
          Optional<RouteRule> fileRoute = current.rules().route(change.routeId());
          if (fileRoute.isEmpty()) {
            return Optional.empty();
          }
          Instant now = clock.instant();
          RolloutSnapshot before = RolloutSnapshot.of(current.rollout(change.routeId()));
          RolloutSnapshot after = RolloutSnapshot.of(change.rollout());
          AuditEntry entry =
              new AuditEntry(
                  now,
                  change.who(),
                  change.routeId(),
                  change.action().wireName(),
                  before,
                  after,
                  change.reason(),
                  change.figures());
          store.putRollout(
              change.routeId(),
              new RolloutOverride(
                  after,
                  RolloutSnapshot.of(fileRoute.get().rollout()),
                  change.who(),
                  now,
                  change.reason()),
              entry);
          router.applyRollout(change.routeId(), change.rollout());
          log.info(
              change.who()
                  + " set route "
                  + change.routeId()
                  + " to "
                  + after
                  + " (was "
                  + before
                  + ", "
                  + change.action().wireName()
                  + "): "
                  + change.reason());
          return Optional.of(entry);
        });
  }

  /**
   * A change of one route's rollout.
   *
   * @param routeId the route
   * @param rollout its new rollout
   * @param who an admin token's name or {@value AuditEntry#PLAN}
   * @param action what kind of change
   * @param reason why
   * @param figures the figures that decided a plan move, else empty
   */
  public record RolloutChange(
      String routeId,
      Rollout rollout,
      String who,
      AuditAction action,
      String reason,
      Map<String, Double> figures) {

    /** Copies the figures. */
    public RolloutChange {
      figures = Map.copyOf(figures);
    }
  }
}
