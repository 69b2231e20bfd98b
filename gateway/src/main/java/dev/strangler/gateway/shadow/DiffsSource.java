package dev.strangler.gateway.shadow;

import java.util.Optional;

/**
 * The shadow diff reports as their readers see them: the admin API's {@code GET} and {@code DELETE
 * /admin/routes/{id}/diffs} and the shadow figures of {@code GET /admin/routes}.
 *
 * <p>This package provides it as a bean, over {@link dev.strangler.shadow.DiffReports}. A reader
 * without one uses {@link #none()}: no route has a report.
 */
public interface DiffsSource {

  /**
   * The shadow figures of a route.
   *
   * @param routeId a route
   * @return its shadow figures, or empty when it has no report
   */
  Optional<ShadowFigures> figures(String routeId);

  /**
   * The diff report of a route.
   *
   * @param routeId a route
   * @return its diff report as the admin API shows it (a value Jackson serializes, such as {@code
   *     DiffReportView}), or empty when it has none
   */
  Optional<Object> report(String routeId);

  /**
   * Forgets a route's report.
   *
   * @param routeId a route
   * @return whether it had one
   */
  boolean reset(String routeId);

  /** Returns the source of a gateway without shadow reports. */
  static DiffsSource none() {
    return NoDiffReports.INSTANCE;
  }
}
