package dev.strangler.gateway.shadow;

import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import java.util.Optional;

/** The shadow diff reports, as the admin API shows and resets them. */
final class ShadowDiffsSource implements DiffsSource {

  private final DiffReports reports;

  ShadowDiffsSource(DiffReports reports) {
    this.reports = reports;
  }

  @Override
  public Optional<ShadowFigures> figures(String routeId) {
    return reports
        .find(routeId)
        .map(report -> new ShadowFigures(report.compared(), report.differing(), report.diffRate()));
  }

  @Override
  public Optional<Object> report(String routeId) {
    return reports.find(routeId).map(DiffReport::view);
  }

  @Override
  public boolean reset(String routeId) {
    Optional<DiffReport> report = reports.find(routeId);
    report.ifPresent(DiffReport::reset);
    return report.isPresent();
  }
}
