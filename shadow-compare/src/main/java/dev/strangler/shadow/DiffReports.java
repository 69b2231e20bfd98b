package dev.strangler.shadow;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The diff reports of all routes, created on first use by a factory that knows each route's
 * settings (redact fields, bounds, thresholds). Route ids come from the rules file, never from
 * requests, so the registry is as bounded as the rules; {@link #remove} a route that left them.
 *
 * <p>Thread-safe; the factory runs at most once per route id between removals.
 */
public final class DiffReports {

  private final Function<String, DiffReport> factory;
  private final ConcurrentMap<String, DiffReport> reports = new ConcurrentHashMap<>();

  private DiffReports(Function<String, DiffReport> factory) {
    this.factory = factory;
  }

  /**
   * A registry creating reports with the given factory.
   *
   * @param factory makes the report of a route id; it must return a report for that route id, for
   *     example {@code id -> DiffReport.create(id, NoiseThresholds.defaults(), redactFieldsOf(id),
   *     500, 5, clock)}
   * @return an empty registry
   * @throws NullPointerException when factory is null
   */
  public static DiffReports of(Function<String, DiffReport> factory) {
    return new DiffReports(Objects.requireNonNull(factory, "factory"));
  }

  /**
   * The report of a route, created on first use.
   *
   * @param routeId the route id
   * @return the route's report
   * @throws IllegalStateException when the factory returns null or a report of another route
   * @throws NullPointerException when routeId is null
   */
  public DiffReport forRoute(String routeId) {
    Objects.requireNonNull(routeId, "routeId");
    DiffReport existing = reports.get(routeId);
    if (existing != null) {
      return existing;
    }
    return reports.computeIfAbsent(routeId, this::create);
  }

  private DiffReport create(String routeId) {
    DiffReport report = factory.apply(routeId);
    if (report == null || !report.routeId().equals(routeId)) {
      throw new IllegalStateException(
          "factory result for route "
              + routeId
              + ": "
              + report
              + " (expected: a DiffReport of route "
              + routeId
              + ")");
    }
    return report;
  }

  /**
   * The report of a route, if one was created.
   *
   * @param routeId the route id
   * @return the report, or empty when the route has none yet
   */
  public Optional<DiffReport> find(String routeId) {
    return Optional.ofNullable(reports.get(Objects.requireNonNull(routeId, "routeId")));
  }

  /**
   * Drops the report of a route; the next {@link #forRoute} makes a new one.
   *
   * @param routeId the route id; nothing happens when it has no report
   */
  public void remove(String routeId) {
    reports.remove(Objects.requireNonNull(routeId, "routeId"));
  }

  /**
   * The routes that have a report.
   *
   * @return an immutable copy of their ids
   */
  public Set<String> routeIds() {
    return Set.copyOf(reports.keySet());
  }
}
