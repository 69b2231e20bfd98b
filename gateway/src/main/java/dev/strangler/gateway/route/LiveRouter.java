package dev.strangler.gateway.route;

import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import dev.strangler.rules.RulesFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The router in force. Requests read it without locks; a new rules version or a runtime rollout
 * change builds a new immutable {@link Router} and swaps it in, so a request in flight keeps the
 * decision it was given.
 *
 * <p>Runtime rollouts (from the admin API or a plan) override the rules file until the file itself
 * changes that route's rollout, which then replaces them.
 */
public final class LiveRouter {

  private final PathMatcherFactory matchers;

  private final RandomGenerator random;

  private final @Nullable String forceToken;

  private final List<Consumer<Router>> listeners = new CopyOnWriteArrayList<>();

  private final Map<String, Rollout> overrides = new HashMap<>();

  private volatile Router current;

  public LiveRouter(
      RulesFile rules,
      Map<String, Rollout> overrides,
      PathMatcherFactory matchers,
      RandomGenerator random,
      @Nullable String forceToken) {
    this.matchers = matchers;
    this.random = random;
    this.forceToken = forceToken;
    for (Map.Entry<String, Rollout> entry : overrides.entrySet()) {
      if (rules.route(entry.getKey()).isPresent()) {
        this.overrides.put(entry.getKey(), entry.getValue());
      }
    }
    this.current = Router.of(rules, Map.copyOf(this.overrides), matchers, random, forceToken);
  }

  /**
   * @return the router in force
   */
  public Router current() {
    return current;
  }

  /**
   * Registers a callback run with every new router, and once now.
   *
   * @param listener the callback; runs on the thread that changed the router
   */
  public void onChange(Consumer<Router> listener) {
    listeners.add(listener);
    listener.accept(current);
  }

  /**
   * Puts a new rules version in force. A route whose rollout in the file changed loses its runtime
   * override; routes that left the file lose theirs too.
   *
   * @param rules the new rules
   * @return the ids of routes whose runtime override was dropped
   */
  public synchronized List<String> applyRules(RulesFile rules) {
    RulesFile previous = current.rules();
    List<String> dropped =
        overrides.keySet().stream()
            .filter(
                id -> {
                  RouteRule now = rules.route(id).orElse(null);
                  RouteRule before = previous.route(id).orElse(null);
                  return now == null || before == null || !now.rollout().equals(before.rollout());
                })
            .sorted()
            .toList();
    dropped.forEach(overrides::remove);
    swap(Router.of(rules, Map.copyOf(overrides), matchers, random, forceToken));
    return dropped;
  }

  /**
   * Puts a runtime rollout of one route in force, on the next request.
   *
   * @param routeId the route
   * @param rollout its new mode and percent
   * @throws IllegalArgumentException when no route has that id
   */
  public synchronized void applyRollout(String routeId, Rollout rollout) {
    Router next = current.withRollout(routeId, rollout);
    overrides.put(routeId, rollout);
    swap(next);
  }

  /**
   * Runs an action while no other thread can put rules or a rollout in force, so that a change of
   * runtime state and the router change it makes happen as one. Listeners of {@link #onChange} run
   * under the same lock. The action may block: it must not run on an event loop.
   *
   * @param action the action
   * @param <T> its result type
   * @return its result
   */
  public synchronized <T> T exclusively(Supplier<T> action) {
    return action.get();
  }

  /**
   * @return the runtime overrides in force, by route id
   */
  public synchronized Map<String, Rollout> overrides() {
    return Map.copyOf(overrides);
  }

  private void swap(Router next) {
    current = next;
    listeners.forEach(listener -> listener.accept(next));
  }
}
