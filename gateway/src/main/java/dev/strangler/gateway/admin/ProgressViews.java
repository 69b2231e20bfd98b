package dev.strangler.gateway.admin;

import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.RouteFigures;
import dev.strangler.gateway.metrics.SharedRequestFigures;
import dev.strangler.gateway.progress.HistoryPoint;
import dev.strangler.gateway.progress.PathShape;
import dev.strangler.gateway.progress.RouteHistories;
import dev.strangler.gateway.progress.SharedCatchAllShapes;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.rules.RoutingDecision;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The migration as a whole ({@code GET /admin/progress}) and a route's history ({@code GET
 * /admin/routes/{id}/history}), from the route views, the history rings and the catch-all's path
 * shapes, each added up over every live replica.
 */
final class ProgressViews {

  /** The phases in the order of a migration. */
  static final List<String> PHASES = List.of("legacy", "shadowing", "canary", "modern");

  private final RouteViews views;

  private final RouteHistories histories;

  private final SharedRequestFigures requests;

  private final SharedCatchAllShapes shapes;

  private final StateStore store;

  private final Clock clock;

  ProgressViews(
      RouteViews views,
      RouteHistories histories,
      SharedRequestFigures requests,
      SharedCatchAllShapes shapes,
      StateStore store,
      Clock clock) {
    this.views = views;
    this.histories = histories;
    this.requests = requests;
    this.shapes = shapes;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Returns the migration's progress.
   *
   * @param shapeLimit the most path shapes listed
   * @return the progress
   */
  Progress progress(int shapeLimit) {
    List<RouteProgress> routes = new ArrayList<>();
    Map<String, Integer> phases = new LinkedHashMap<>();
    PHASES.forEach(phase -> phases.put(phase, 0));
    Served lastHour = Served.NONE;
    Served sinceStart = Served.NONE;
    boolean anyLastHour = false;
    for (RouteView route : views.all()) {
      String phase = phaseOf(route.mode());
      phases.merge(phase, 1, Integer::sum);
      Shares shares = shares(route.id());
      if (shares.lastHour() != null) {
        lastHour = lastHour.plus(shares.lastHour());
        anyLastHour = true;
      }
      sinceStart = sinceStart.plus(shares.sinceStart());
      RouteView.PlanView plan = route.plan();
      routes.add(
          new RouteProgress(
              route.id(),
              phase,
              route.mode(),
              route.percent(),
              plan == null
                  ? null
                  : new PlanEta(
                      plan.step(),
                      plan.steps().size(),
                      plan.status(),
                      plan.eta(),
                      plan.waitingForWindow()),
              shares));
    }
    routes.sort(Comparator.comparingInt(route -> PHASES.indexOf(route.phase())));
    Shares catchAll = shares(RoutingDecision.CATCH_ALL_ROUTE_ID);
    if (catchAll.lastHour() != null) {
      lastHour = lastHour.plus(catchAll.lastHour());
      anyLastHour = true;
    }
    sinceStart = sinceStart.plus(catchAll.sinceStart());
    SharedCatchAllShapes.Merged merged = shapes.top(shapeLimit);
    return new Progress(
        clock.instant(),
        histories.window().toString(),
        new Shares(anyLastHour ? lastHour.withShare() : null, sinceStart.withShare()),
        phases,
        routes,
        new CatchAll(
            catchAll, merged.bound(), merged.tracked(), merged.uncounted(), merged.shapes()));
  }

  private Shares shares(String routeId) {
    Served lastHour =
        histories
            .servedInWindow(routeId)
            .map(served -> new Served(served.requests(), served.modern(), null).withShare())
            .orElse(null);
    RouteFigures figures = requests.total(routeId);
    long all = 0;
    long modern = 0;
    for (Outcome outcome : Outcome.values()) {
      all += figures.legacy().requests(outcome) + figures.modern().requests(outcome);
      modern += figures.modern().requests(outcome);
    }
    modern -= figures.modern().requests(Outcome.FALLBACK);
    return new Shares(lastHour, new Served(all, modern, null).withShare());
  }

  private static String phaseOf(String mode) {
    return "shadow".equals(mode) ? "shadowing" : mode;
  }

  /**
   * Returns a route's history.
   *
   * @param routeId a route id or {@code catch-all}
   * @return its history with the audited changes of the window, oldest first
   */
  History history(String routeId) {
    List<HistoryPoint> points = histories.points(routeId);
    Instant from = clock.instant().minus(histories.window());
    List<AuditEntry> events = new ArrayList<>();
    for (AuditEntry entry : store.audit(store.auditCapacity())) {
      if (entry.at().isBefore(from)) {
        break;
      }
      if (routeId.equals(entry.route())) {
        events.add(entry);
      }
    }
    events.sort(Comparator.comparing(AuditEntry::at));
    return new History(
        routeId, histories.resolution().toSeconds(), histories.window().toString(), points, events);
  }

  /**
   * @param at when the figures were read
   * @param lastHourCovers the time "last hour" covers: the history's window (ISO-8601)
   * @param overall every route and the catch-all together
   * @param phases how many routes are in each phase
   * @param routes the routes by phase (legacy, shadowing, canary, modern), then in file order
   * @param catchAll the requests no route covers and their path shapes
   */
  record Progress(
      Instant at,
      String lastHourCovers,
      Shares overall,
      Map<String, Integer> phases,
      List<RouteProgress> routes,
      CatchAll catchAll) {}

  /**
   * @param lastHour over the history's window, or null before its first slot
   * @param sinceStart since this gateway started
   */
  record Shares(@Nullable Served lastHour, Served sinceStart) {}

  /**
   * @param requests requests answered
   * @param modern of those, answered by modern (fallbacks left out)
   * @param modernShare {@code modern / requests} in percent, or null without requests
   */
  record Served(long requests, long modern, @Nullable Double modernShare) {

    static final Served NONE = new Served(0, 0, null);

    Served plus(Served other) {
      return new Served(requests + other.requests, modern + other.modern, null);
    }

    Served withShare() {
      return new Served(
          requests,
          modern,
          requests == 0 ? null : Math.round(10_000.0 * modern / requests) / 100.0);
    }
  }

  /**
   * @param id the route
   * @param phase {@code legacy}, {@code shadowing}, {@code canary} or {@code modern}
   * @param mode the mode in force
   * @param percent the canary percent in force
   * @param plan where its plan stands, or null without a plan
   * @param share what it served
   */
  record RouteProgress(
      String id,
      String phase,
      String mode,
      BigDecimal percent,
      @Nullable PlanEta plan,
      Shares share) {}

  /**
   * @param step the step in force, from 1, or null when no plan runner reports it
   * @param steps the plan's steps
   * @param status the runner's status, or null
   * @param eta the expected time of completion, or null
   * @param waitingForWindow the start of the next window a running plan outside its windows waits
   *     for, or null
   */
  record PlanEta(
      @Nullable Integer step,
      int steps,
      @Nullable String status,
      @Nullable Instant eta,
      @Nullable Instant waitingForWindow) {}

  /**
   * @param share the requests that reached the catch-all (all answered by legacy)
   * @param shapesBound the most path shapes each replica keeps
   * @param shapesTracked path shapes known now, over the replicas
   * @param uncounted catch-all requests of new shapes that came faster than they were folded, over
   *     the replicas
   * @param shapes the most requested path shapes, most requested first
   */
  record CatchAll(
      Shares share, int shapesBound, int shapesTracked, long uncounted, List<PathShape> shapes) {}

  /**
   * @param route the route id or {@code catch-all}
   * @param resolutionSeconds the time each point covers
   * @param window the time the history covers (ISO-8601)
   * @param points the figures, oldest first
   * @param events the audited changes of the route in the window, oldest first: rollouts, rollbacks
   *     and plan moves, to mark on the time axis
   */
  record History(
      String route,
      long resolutionSeconds,
      String window,
      List<HistoryPoint> points,
      List<AuditEntry> events) {}
}
