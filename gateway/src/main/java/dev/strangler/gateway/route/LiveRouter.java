package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import dev.strangler.rules.RulesFile;
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
 * the thread that made the change, which may block on the state store (never an event loop).
 */
public final class LiveRouter {

  private static final Log log = LogFactory.getLog(LiveRouter.class);

  private final RuntimeRollouts rollouts;

  private final PathMatcherFactory matchers;

  private final RandomGenerator random;

  private final @Nullable String forceToken;

  private final List<Consumer<RulesReloadedEvent>> reloadListeners = new CopyOnWriteArrayList<>();

  private final List<Consumer<RolloutChangedEvent>> rolloutListeners = new CopyOnWriteArrayList<>();

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
    this.matchers = matchers;
    this.random = random;
    this.forceToken = forceToken;
    Map<String, Rollout> overrides = overrides(rollouts.reconcile(rules));
    this.current = Router.of(rules, overrides, matchers, random, forceToken);
    if (!overrides.isEmpty()) {
      log.info("Runtime rollouts from " + store + " in force: " + overrides.keySet());
    }
  }

  /**
   * @return the router in force
   */
  public Router current() {
    return current;
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
   * Puts a new rules version in force. A route that the file changed loses its runtime state;
   * routes that left the file lose theirs too.
   *
   * @param rules the new rules
   * @return the event published
   */
  public synchronized RulesReloadedEvent applyRules(RulesFile rules) {
    RulesFile previous = current.rules();
    List<String> replaced = rollouts.reconcile(rules);
    Router next = Router.of(rules, overrides(replaced), matchers, random, forceToken);
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
        new RulesReloadedEvent(next, previous.version(), added, removed, changed, replaced);
    publish(reloadListeners, event);
    return event;
  }

  /**
   * Keeps, audits and puts in force a rollout of one route, on the next request.
   *
   * @param change the change
   * @return the audit entry, or empty when the rules in force have no such route
   * @throws java.io.UncheckedIOException when the store could not keep it; nothing changed then
   */
  public synchronized Optional<AuditEntry> applyRollout(RolloutChange change) {
    Router before = current;
    RouteRule fileRoute = before.rules().route(change.routeId()).orElse(null);
    if (fileRoute == null) {
      return Optional.empty();
    }
    Rollout from = before.rollout(change.routeId());
    AuditEntry entry = rollouts.put(change, fileRoute, from);
    Router next = before.withRollout(change.routeId(), change.rollout());
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
    return Optional.of(entry);
  }

  /** The runtime rollouts of the store, but for those of routes just replaced. */
  private Map<String, Rollout> overrides(List<String> replaced) {
    Map<String, Rollout> overrides = rollouts.inForce();
    overrides.keySet().removeAll(replaced);
    return Map.copyOf(overrides);
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
