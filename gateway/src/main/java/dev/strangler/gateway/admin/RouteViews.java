package dev.strangler.gateway.admin;

import dev.strangler.gateway.admin.RouteView.CircuitBreakerView;
import dev.strangler.gateway.admin.RouteView.PlanView;
import dev.strangler.gateway.admin.RouteView.RolloutSource;
import dev.strangler.gateway.admin.RouteView.Side;
import dev.strangler.gateway.admin.RouteView.TargetsView;
import dev.strangler.gateway.admin.RouteView.Traffic;
import dev.strangler.gateway.filter.RouteCircuitBreakers;
import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.RouteFigures;
import dev.strangler.gateway.metrics.SharedRequestFigures;
import dev.strangler.gateway.plan.PlanSteering;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.shadow.DiffsSource;
import dev.strangler.gateway.state.RolloutOverride;
import dev.strangler.gateway.state.RolloutSnapshot;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.state.TargetsOverride;
import dev.strangler.rules.Percent;
import dev.strangler.rules.PlanSettings;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import dev.strangler.rules.Target;
import dev.strangler.rules.Targets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link RouteView}s of the routes in force, with their live figures added up over every
 * live replica.
 */
final class RouteViews {

  private final LiveRouter router;

  private final StateStore store;

  private final SharedRequestFigures requests;

  private final RouteCircuitBreakers breakers;

  private final PlanSteering plans;

  private final DiffsSource diffs;

  RouteViews(
      LiveRouter router,
      StateStore store,
      SharedRequestFigures requests,
      RouteCircuitBreakers breakers,
      PlanSteering plans,
      DiffsSource diffs) {
    this.router = router;
    this.store = store;
    this.requests = requests;
    this.breakers = breakers;
    this.plans = plans;
    this.diffs = diffs;
  }

  /** Returns the live replicas whose figures the views add up, this one included. */
  int replicas() {
    return requests.replicas();
  }

  /** Returns every route, in rules file order. */
  List<RouteView> all() {
    Router current = router.current();
    return current.rules().routes().stream().map(file -> view(current, file)).toList();
  }

  /**
   * The view of one route.
   *
   * @param routeId a route id
   * @return the route, or empty when the rules have none with that id
   */
  Optional<RouteView> of(String routeId) {
    Router current = router.current();
    return current.rules().route(routeId).map(file -> view(current, file));
  }

  private RouteView view(Router current, RouteRule file) {
    String id = file.id();
    Rollout rollout = current.rollout(id);
    return new RouteView(
        id,
        file.paths(),
        List.copyOf(file.methods()),
        file.legacy(),
        file.modern(),
        new RouteView.Filters(entries(file, Target.MODERN), entries(file, Target.LEGACY)),
        file.preserveHost(),
        rollout.mode().wireName(),
        rollout.percent().value(),
        rollout.modernShare().value(),
        RolloutSnapshot.phaseOf(rollout),
        source(id, file, rollout),
        plan(id, file.plan()),
        targets(id, current.targets(id)),
        circuitBreaker(id),
        traffic(id),
        diffs.figures(id).orElse(null));
  }

  private static List<String> entries(RouteRule route, Target side) {
    return route.filters(side).stream().map(filter -> filter.entry().toString()).toList();
  }

  private RolloutSource source(String id, RouteRule file, Rollout inForce) {
    RolloutSnapshot fileRollout = RolloutSnapshot.of(file.rollout());
    RolloutOverride override = store.rollouts().get(id);
    if (override == null || !override.rollout().toRollout().equals(inForce)) {
      return new RolloutSource(RolloutSource.RULES_FILE, null, null, null, fileRollout);
    }
    return new RolloutSource(
        RolloutSource.RUNTIME, override.who(), override.at(), override.reason(), fileRollout);
  }

  private @Nullable PlanView plan(String id, @Nullable PlanSettings settings) {
    if (settings == null) {
      return null;
    }
    List<BigDecimal> steps = settings.steps().stream().map(Percent::value).toList();
    return plans
        .status(id)
        .map(
            status ->
                new PlanView(
                    steps,
                    status.step(),
                    status.percent(),
                    status.status(),
                    status.eta(),
                    status.waitingForWindow()))
        .orElseGet(() -> new PlanView(steps, null, null, null, null, null));
  }

  private TargetsView targets(String id, Targets inForce) {
    TargetsOverride override = store.targets().get(id);
    if (override == null || !override.toTargets().equals(inForce)) {
      return new TargetsView(
          inForce.modern(), inForce.legacy(), RolloutSource.RULES_FILE, null, null, null);
    }
    return new TargetsView(
        inForce.modern(),
        inForce.legacy(),
        RolloutSource.RUNTIME,
        override.who(),
        override.at(),
        override.reason());
  }

  private @Nullable CircuitBreakerView circuitBreaker(String id) {
    CircuitBreaker breaker = breakers.of(id);
    if (breaker == null) {
      return null;
    }
    CircuitBreaker.Metrics figures = breaker.getMetrics();
    return new CircuitBreakerView(
        breaker.getState().name(), rate(figures.getFailureRate()), rate(figures.getSlowCallRate()));
  }

  private static @Nullable Double rate(float percent) {
    return percent < 0 ? null : (double) percent;
  }

  private Traffic traffic(String id) {
    RouteFigures figures = requests.total(id);
    RouteFigures.Side legacySide = figures.legacy();
    RouteFigures.Side modernSide = figures.modern();
    long legacyRequests =
        legacySide.requests(Outcome.SUCCESS)
            + legacySide.requests(Outcome.CLIENT_ERROR)
            + legacySide.requests(Outcome.SERVER_ERROR);
    long fallbacks = legacySide.requests(Outcome.FALLBACK) + modernSide.requests(Outcome.FALLBACK);
    long modernAnswered =
        modernSide.requests(Outcome.SUCCESS)
            + modernSide.requests(Outcome.CLIENT_ERROR)
            + modernSide.requests(Outcome.SERVER_ERROR);
    Side legacy =
        new Side(legacyRequests, legacySide.requests(Outcome.SERVER_ERROR), legacySide.p99Millis());
    Side modern =
        new Side(
            modernAnswered + fallbacks,
            modernSide.requests(Outcome.SERVER_ERROR) + fallbacks,
            modernSide.p99Millis());
    return new Traffic(legacy, modern);
  }
}
