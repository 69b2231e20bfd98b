package dev.strangler.gateway.shadow;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RulesReloadedEvent;
import dev.strangler.rules.RouteRule;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.NoiseThresholds;
import java.time.Clock;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The diff reports of the routes in force, which follow the rules file.
 *
 * <p>A route's report is made on its first comparison with the route's {@code redact-fields} in
 * force then. A reload that removes the route drops its report, so that reports are as bounded as
 * the rules; a reload that changes its {@code redact-fields} drops it too, and the next comparison
 * starts a new one with the new paths: a sample taken under the old redaction could show a value
 * the new one hides, so none is kept. Other changes of the route keep its report.
 */
final class RouteDiffReports {

  /** Field paths kept per route in the diff report; the least recently seen go first. */
  static final int DIFF_FIELDS_PER_ROUTE = 500;

  /** Redacted samples kept per field of the diff report. */
  static final int SAMPLES_PER_FIELD = 5;

  private static final Log log = LogFactory.getLog(RouteDiffReports.class);

  private RouteDiffReports() {}

  /**
   * The reports of a router's routes, following its rules reloads.
   *
   * @param router the router in force
   * @param clock stamps the samples
   * @return the reports
   */
  static DiffReports of(LiveRouter router, Clock clock) {
    DiffReports reports =
        DiffReports.of(
            routeId ->
                DiffReport.create(
                    routeId,
                    NoiseThresholds.defaults(),
                    router
                        .current()
                        .route(routeId)
                        .map(route -> route.shadow().redactFields())
                        .orElse(List.of()),
                    DIFF_FIELDS_PER_ROUTE,
                    SAMPLES_PER_FIELD,
                    clock));
    router.onRulesReloaded(event -> rulesReloaded(reports, event));
    return reports;
  }

  /** Drops the reports of the routes that left the rules or changed their redaction. */
  static void rulesReloaded(DiffReports reports, RulesReloadedEvent event) {
    for (String routeId : reports.routeIds()) {
      RouteRule now = event.rules().route(routeId).orElse(null);
      RouteRule before = event.previous().route(routeId).orElse(null);
      if (now == null) {
        reports.remove(routeId);
        log.info("Diff report of route " + routeId + " dropped: the route left the rules file");
      } else if (before == null
          || !now.shadow().redactFields().equals(before.shadow().redactFields())) {
        reports.remove(routeId);
        log.info(
            "Diff report of route "
                + routeId
                + " starts afresh: its redact-fields changed to "
                + now.shadow().redactFields());
      }
    }
  }
}
