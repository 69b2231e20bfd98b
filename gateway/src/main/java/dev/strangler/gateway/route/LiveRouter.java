package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.RouteState;
import dev.strangler.gateway.state.StateChangedEvent;
import dev.strangler.gateway.state.StateConflictException;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.state.StateStoreUnavailableException;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.Targets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The router in force: the rules file with the runtime rollouts of the state store. Requests read
 * it without locks; a new rules version or a runtime rollout change builds a new immutable {@link
 * Router} and swaps it in, so a request in flight keeps the decision it was given.
 *
 * <p>Runtime rollouts (from the admin API or a plan) override the rules file until the file itself
 * changes that route, which then replaces them ({@link RuntimeRollouts#reconcile}). Every change is
 * published as a typed event, {@link RulesReloadedEvent} or {@link RolloutChangedEvent}, to the
 * listeners registered for it.
 *
 * <p>Changes are serialized: the stored change, the router swap and the listeners run as one, on
 * the thread that made the change, which may block on the state store (never an event loop). With a
 * shared store, changes other replicas make arrive from the store ({@link StateChangedEvent}) and
 * are put in force the same way, published as {@link SharedStateAppliedEvent}.
 */
public final class LiveRouter {

  private static final Log log = LogFactory.getLog(LiveRouter.class);

  private final RuntimeRollouts rollouts;

  private final PathMatcherFactory matchers;

  private final RandomGenerator random;

  private final @Nullable String forceToken;

  private final List<Consumer<RulesFile>> beforeInForce = new CopyOnWriteArrayList<>();

  private final List<Consumer<RulesReloadedEvent>> reloadListeners = new CopyOnWriteArrayList<>();

  private final List<Consumer<RolloutChangedEvent>> rolloutListeners = new CopyOnWriteArrayList<>();

  private final List<Consumer<SharedStateAppliedEvent>> sharedListeners =
      new CopyOnWriteArrayList<>();

  private final List<Consumer<TargetsChangedEvent>> targetsListeners = new CopyOnWriteArrayList<>();

  private final StateStore store;

  private volatile Router current;

  /**
   * Puts the rules the gateway starts with in force, with the runtime rollouts of the store that
   * the rules have not replaced meanwhile.
   *
   * @param rules the rules at start-up
   * @param store the state store
   * @param clock the clock of audit entries
   * @param matchers the path pattern syntax
   * @param random the randomness of requests without a sticky key
   * @param forceToken the token {@code X-Strangler-Force} needs, or null
   */
  public LiveRouter(
      RulesFile rules,
      StateStore store,
      Clock clock,
      PathMatcherFactory matchers,
      RandomGenerator random,
      @Nullable String forceToken) {
    this.rollouts = new RuntimeRollouts(store, clock);
    this.store = store;
    this.matchers = matchers;
    this.random = random;
    this.forceToken = forceToken;
    RuntimeRollouts.Reconciled reconciled = rollouts.reconcile(rules);
    Map<String, Rollout> overrides = overrides(reconciled);
    Map<String, Targets> targets = targetOverrides(rules, reconciled);
    this.current = Router.of(rules, overrides, targets, matchers, random, forceToken);
    if (!overrides.isEmpty()) {
      log.info("Runtime rollouts from " + store + " in force: " + overrides.keySet());
    }
    if (!targets.isEmpty()) {
      log.info("Runtime targets from " + store + " in force: " + targets.keySet());
    }
    store.onChanged(this::applyShared);
  }

  /** Returns the router in force. */
  public Router current() {
    return current;
  }

  /**
   * Registers a step that every new rules version passes before it is put in force, such as handing
   * a rate limiter the limits of the new filters. The rules the router was built with have not
   * passed it.
   *
   * @param step runs on the thread that applies the rules, before the first request can use them;
   *     what it throws stops the reload, and the rules in force stay
   */
  public void beforeRulesInForce(Consumer<RulesFile> step) {
    beforeInForce.add(step);
  }

  /**
   * Registers a listener of rules reloads.
   *
   * @param listener runs after every reload, on the thread that made it; what it throws is logged
   */
  public void onRulesReloaded(Consumer<RulesReloadedEvent> listener) {
    reloadListeners.add(listener);
  }

  /**
   * Registers a listener of runtime rollout changes.
   *
   * @param listener runs after every change, on the thread that made it; what it throws is logged
   */
  public void onRolloutChanged(Consumer<RolloutChangedEvent> listener) {
    rolloutListeners.add(listener);
  }

  /**
   * Registers a listener of runtime state that another replica changed, put in force here.
   *
   * @param listener runs after every such change, on the state store's thread; what it throws is
   *     logged
   */
  public void onSharedStateApplied(Consumer<SharedStateAppliedEvent> listener) {
    sharedListeners.add(listener);
  }

  /**
   * Registers a listener of runtime targets changes.
   *
   * @param listener runs after every change, on the thread that made it; what it throws is logged
   */
  public void onTargetsChanged(Consumer<TargetsChangedEvent> listener) {
    targetsListeners.add(listener);
  }

  /**
   * Puts a new rules version in force. A route that the file changed loses its runtime state;
   * routes that left the file lose theirs too.
   *
   * @param rules the new rules
   * @return the event published
   */
  public synchronized RulesReloadedEvent applyRules(RulesFile rules) {
    RulesFile previous = current.rules();
    beforeInForce.forEach(step -> step.accept(rules));
    RuntimeRollouts.Reconciled reconciled = rollouts.reconcile(rules);
    Router next =
        Router.of(
            rules,
            overrides(reconciled),
            targetOverrides(rules, reconciled),
            matchers,
            random,
            forceToken);
    current = next;
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (RouteRule route : rules.routes()) {
      RouteRule before = previous.route(route.id()).orElse(null);
      if (before == null) {
        added.add(route.id());
      } else if (!before.equals(route)) {
        changed.add(route.id());
      }
    }
    List<String> removed =
        previous.routes().stream()
            .map(RouteRule::id)
            .filter(id -> rules.route(id).isEmpty())
            .toList();
    RulesReloadedEvent event =
        new RulesReloadedEvent(next, previous, added, removed, changed, reconciled.all());
    publish(reloadListeners, event);
    return event;
  }

  /**
   * Keeps, audits and puts in force a rollout of one route, on the next request. When another
   * replica changed the route meanwhile, the change is made again from what it wrote: both are
   * kept, in one order, and both audited.
   *
   * @param change the change
   * @return the audit entry, or empty when the rules in force have no such route
   * @throws StateStoreUnavailableException when the shared store cannot be reached; nothing changed
   * @throws java.io.UncheckedIOException when the store could not keep it; nothing changed then
   */
  public synchronized Optional<AuditEntry> applyRollout(RolloutChange change) {
    RouteRule fileRoute = current.rules().route(change.routeId()).orElse(null);
    if (fileRoute == null) {
      return Optional.empty();
    }
    RouteState state = store.route(change.routeId());
    for (int attempt = 1; ; attempt++) {
      try {
        AuditEntry entry = rollouts.put(change, fileRoute, state);
        put(change, entry);
        return Optional.of(entry);
      } catch (StateConflictException ex) {
        if (attempt >= RuntimeRollouts.MAX_ATTEMPTS) {
          throw ex;
        }
        state = ex.current();
      }
    }
  }

  /**
   * Keeps, audits and puts in force the targets of one route, on the next request. When another
   * replica changed the route meanwhile, the change is made again from what it wrote.
   *
   * @param change the change
   * @return the audit entry, or empty when the rules in force have no such route
   * @throws IllegalArgumentException when the targets list keys and the route has no sticky source
   * @throws StateStoreUnavailableException when the shared store cannot be reached; nothing changed
   * @throws java.io.UncheckedIOException when the store could not keep it; nothing changed then
   */
  public synchronized Optional<AuditEntry> applyTargets(TargetsChange change) {
    RouteRule fileRoute = current.rules().route(change.routeId()).orElse(null);
    if (fileRoute == null) {
      return Optional.empty();
    }
    Router next = current.withTargets(change.routeId(), change.targets());
    Targets from = current.targets(change.routeId());
    RouteState state = store.route(change.routeId());
    for (int attempt = 1; ; attempt++) {
      try {
        AuditEntry entry = rollouts.putTargets(change, fileRoute, state);
        current = next;
        log.info(
            change.who()
                + " set the targets of route "
                + change.routeId()
                + " to "
                + change.targets().modern().size()
                + " modern and "
                + change.targets().legacy().size()
                + " legacy entries: "
                + change.reason());
        publish(targetsListeners, new TargetsChangedEvent(next, from, change));
        return Optional.of(entry);
      } catch (StateConflictException ex) {
        if (attempt >= RuntimeRollouts.MAX_ATTEMPTS) {
          throw ex;
        }
        state = ex.current();
        next = current.withTargets(change.routeId(), change.targets());
      }
    }
  }

  /**
   * Keeps a move of a route's plan, its rollout with it when the move changes it, in one write, and
   * puts that rollout in force.
   *
   * @param move the move
   * @return the audit entry written, or empty when none was (a move within a step, or a route the
   *     rules no longer have)
   * @throws StateConflictException when the route's state is no longer at the move's version, or
   *     the lease that fences it is no longer held; nothing changed then
   * @throws StateStoreUnavailableException when the shared store cannot be reached; nothing changed
   * @throws java.io.UncheckedIOException when the store could not keep it; nothing changed then
   */
  public synchronized Optional<AuditEntry> applyPlanMove(PlanWrite move) {
    RouteRule fileRoute = current.rules().route(move.routeId()).orElse(null);
    if (fileRoute == null) {
      return Optional.empty();
    }
    RouteState state = store.route(move.routeId());
    if (state.version() != move.expectedVersion()) {
      throw new StateConflictException(
          "the state of route "
              + move.routeId()
              + " changed since the plan was judged: version "
              + state.version()
              + " (expected: "
              + move.expectedVersion()
              + ")",
          state);
    }
    AuditEntry entry = rollouts.putPlan(move, fileRoute, state);
    RolloutChange change = move.rollout();
    if (change != null && entry != null) {
      put(change, entry);
    }
    return Optional.ofNullable(entry);
  }

  private void put(RolloutChange change, AuditEntry entry) {
    Rollout from = current.rollout(change.routeId());
    Router next = current.withRollout(change.routeId(), change.rollout());
    current = next;
    log.info(
        change.who()
            + " set route "
            + change.routeId()
            + " to "
            + entry.to()
            + " (was "
            + entry.from()
            + ", "
            + change.action().wireName()
            + "): "
            + change.reason());
    publish(rolloutListeners, new RolloutChangedEvent(next, from, change));
  }

  /**
   * Puts in force what another replica changed: the routes' rollouts as the shared store now has
   * them; after the whole state was read anew, reconciled with the rules file first.
   */
  private synchronized void applyShared(StateChangedEvent event) {
    RulesFile rules = current.rules();
    Router next;
    if (event.resynced()) {
      RuntimeRollouts.Reconciled reconciled = rollouts.reconcile(rules);
      next =
          Router.of(
              rules,
              overrides(reconciled),
              targetOverrides(rules, reconciled),
              matchers,
              random,
              forceToken);
    } else {
      next = current;
      Map<String, Rollout> overrides = rollouts.inForce();
      Map<String, Targets> targets = rollouts.targetsInForce();
      for (String routeId : event.routeIds()) {
        RouteRule route = rules.route(routeId).orElse(null);
        if (route != null) {
          next = next.withRollout(routeId, overrides.getOrDefault(routeId, route.rollout()));
          next = withTargets(next, routeId, targets.getOrDefault(routeId, route.targets()));
        }
      }
    }
    if (next.rollouts().equals(current.rollouts())
        && next.allTargets().equals(current.allTargets())
        && !event.resynced()) {
      return;
    }
    current = next;
    log.info(
        (event.resynced() ? "Shared runtime state read anew" : "Runtime state changed elsewhere")
            + ", in force: "
            + next.rollouts());
    publish(sharedListeners, new SharedStateAppliedEvent(next, event.routeIds(), event.resynced()));
  }

  /** The runtime rollouts of the store, but for those of routes just replaced. */
  private Map<String, Rollout> overrides(RuntimeRollouts.Reconciled reconciled) {
    Map<String, Rollout> overrides = rollouts.inForce();
    overrides.keySet().removeAll(reconciled.rollouts());
    return Map.copyOf(overrides);
  }

  /**
   * The runtime targets of the store, but for those of routes just replaced, and those that list
   * keys for a route the rules now give no sticky source.
   */
  private Map<String, Targets> targetOverrides(
      RulesFile rules, RuntimeRollouts.Reconciled reconciled) {
    Map<String, Targets> targets = rollouts.targetsInForce();
    targets.keySet().removeAll(reconciled.targets());
    targets
        .entrySet()
        .removeIf(
            entry -> {
              RouteRule route = rules.route(entry.getKey()).orElse(null);
              boolean unfit =
                  route != null && route.stickyBy().isEmpty() && entry.getValue().hasKeys();
              if (unfit) {
                log.warn(
                    "Runtime targets of route "
                        + entry.getKey()
                        + " left out: they list keys and the route has no sticky-by source");
              }
              return unfit;
            });
    return Map.copyOf(targets);
  }

  /** The router with a route's targets, or as it is when they do not fit the route. */
  private static Router withTargets(Router router, String routeId, Targets targets) {
    if (router.targets(routeId).equals(targets)) {
      return router;
    }
    try {
      return router.withTargets(routeId, targets);
    } catch (IllegalArgumentException ex) {
      log.warn("Runtime targets of route " + routeId + " left out: " + ex.getMessage());
      return router;
    }
  }

  private static <E> void publish(List<Consumer<E>> listeners, E event) {
    for (Consumer<E> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException ex) {
        log.error("A listener of " + event.getClass().getSimpleName() + " failed", ex);
      }
    }
  }
}
