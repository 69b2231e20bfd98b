package dev.strangler.gateway.plan;

import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.SharedFigures.ReplicaSection;
import dev.strangler.rules.PlanState;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.StepFigures;
import dev.strangler.shadow.DiffReports;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures a plan step is judged on, added up over every live replica.
 *
 * <p>Every replica publishes the cumulative {@link RouteTotals} of its routes that have a plan (the
 * {@value #SECTION} section of {@link SharedFigures}); the plan judge keeps, per route and step,
 * the totals of each replica when it first saw it in that step, and judges the sum of what each
 * replica counted since. A replica that started after the step began counts whole; a replica that
 * stops keeps what it counted until then. A judge that takes over mid-step (the previous one died)
 * starts counting the step's evidence at takeover: the step then waits for {@code min-requests}
 * again, which delays it but never skips or repeats it.
 */
final class PlanFigures {

  /** The section of {@link SharedFigures} this publishes. */
  static final String SECTION = "plan";

  private static final Log log = LogFactory.getLog(PlanFigures.class);

  private final LiveRouter router;

  private final RequestMetrics metrics;

  private final DiffReports reports;

  private final SharedFigures shared;

  private final JsonMapper json;

  private final Map<String, StepWindow> windows = new ConcurrentHashMap<>();

  PlanFigures(
      LiveRouter router,
      RequestMetrics metrics,
      DiffReports reports,
      SharedFigures shared,
      JsonMapper json) {
    this.router = router;
    this.metrics = metrics;
    this.reports = reports;
    this.shared = shared;
    this.json = json;
    shared.contribute(SECTION, this::local);
  }

  /** What this replica publishes: the totals of each route with a plan. */
  private Published local() {
    Map<String, RouteTotals> routes = new LinkedHashMap<>();
    for (RouteRule route : router.current().rules().routes()) {
      if (route.plan() != null) {
        routes.put(route.id(), RouteTotals.of(route.id(), metrics, reports));
      }
    }
    return new Published(routes);
  }

  /**
   * The figures of a plan's current step over every live replica.
   *
   * @param routeId the route
   * @param state where its plan stands
   * @return what the replicas counted since the step started (or since this judge saw them first)
   */
  StepFigures step(String routeId, PlanState state) {
    String key = state.step() + "@" + state.stepStartedAt();
    StepWindow window = windows.get(routeId);
    if (window == null || !window.key.equals(key)) {
      window = new StepWindow(key, state.stepStartedAt());
      windows.put(routeId, window);
    }
    window.observe(
        shared.replicaId(), shared.startedAt(), RouteTotals.of(routeId, metrics, reports));
    for (Map.Entry<String, ReplicaSection> replica : shared.others(SECTION).entrySet()) {
      RouteTotals totals = totalsOf(replica.getKey(), replica.getValue(), routeId);
      if (totals != null) {
        window.observe(replica.getKey(), replica.getValue().startedAt(), totals);
      }
    }
    return window.figures();
  }

  /** Forgets what was counted for the routes' steps, e.g. when this replica stops judging. */
  void forget() {
    windows.clear();
  }

  private @Nullable RouteTotals totalsOf(String replicaId, ReplicaSection section, String routeId) {
    try {
      return json.treeToValue(section.figures(), Published.class).routes().get(routeId);
    } catch (JacksonException | IllegalArgumentException ex) {
      log.warn("Plan figures of replica " + replicaId + " cannot be read: " + ex.getMessage());
      return null;
    }
  }

  /** One replica's published section. */
  record Published(Map<String, RouteTotals> routes) {

    Published {
      routes = routes == null ? Map.of() : Map.copyOf(routes);
    }
  }

  /** What each replica counted in one step of one route. */
  private static final class StepWindow {

    private final String key;

    private final Instant stepStartedAt;

    private final Map<String, RouteTotals> base = new HashMap<>();

    private final Map<String, RouteTotals> last = new HashMap<>();

    StepWindow(String key, Instant stepStartedAt) {
      this.key = key;
      this.stepStartedAt = stepStartedAt;
    }

    void observe(String replicaId, Instant startedAt, RouteTotals totals) {
      base.computeIfAbsent(
          replicaId, id -> startedAt.isAfter(stepStartedAt) ? RouteTotals.ZERO : totals);
      last.put(replicaId, totals);
    }

    StepFigures figures() {
      RouteTotals sum = RouteTotals.ZERO;
      for (Map.Entry<String, RouteTotals> replica : last.entrySet()) {
        sum =
            sum.plus(
                replica.getValue().minus(base.getOrDefault(replica.getKey(), RouteTotals.ZERO)));
      }
      return sum.figures();
    }
  }
}
