package dev.strangler.gateway.shadow;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.SharedFigures.ReplicaSection;
import dev.strangler.gateway.state.StateChangedEvent;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReportView;
import dev.strangler.shadow.DiffReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shadow diff reports, as the admin API shows and resets them: this replica's report merged
 * with the other live replicas' ({@value #SECTION} section of {@link SharedFigures}). A replica
 * publishes its reports' most frequent {@value MergedDiffReports#PUBLISHED_FIELDS} fields with
 * their {@value MergedDiffReports#PUBLISHED_SAMPLES} newest samples; the counts are whole. A reset
 * is audited, and every replica resets its own report when it reads that entry.
 */
final class ShadowDiffsSource implements DiffsSource {

  /** The section of {@link SharedFigures} this publishes. */
  static final String SECTION = "diffs";

  private static final Log log = LogFactory.getLog(ShadowDiffsSource.class);

  private final DiffReports reports;

  private final SharedFigures shared;

  private final JsonMapper json;

  ShadowDiffsSource(DiffReports reports, SharedFigures shared, JsonMapper json) {
    this.reports = reports;
    this.shared = shared;
    this.json = json;
    shared.contribute(SECTION, this::local);
  }

  private Map<String, DiffReportView> local() {
    Map<String, DiffReportView> views = new LinkedHashMap<>();
    for (String routeId : reports.routeIds()) {
      reports
          .find(routeId)
          .ifPresent(report -> views.put(routeId, MergedDiffReports.published(report.view())));
    }
    return views;
  }

  @Override
  public Optional<ShadowFigures> figures(String routeId) {
    return merged(routeId)
        .map(view -> new ShadowFigures(view.compared(), view.differing(), view.diffRate()));
  }

  @Override
  public Optional<Object> report(String routeId) {
    return merged(routeId).map(view -> view);
  }

  private Optional<DiffReportView> merged(String routeId) {
    List<DiffReportView> views = new ArrayList<>();
    reports.find(routeId).map(DiffReport::view).ifPresent(views::add);
    for (Map.Entry<String, ReplicaSection> replica : shared.others(SECTION).entrySet()) {
      JsonNode view = replica.getValue().figures().path(routeId);
      if (view.isMissingNode()) {
        continue;
      }
      try {
        views.add(json.treeToValue(view, DiffReportView.class));
      } catch (JacksonException | IllegalArgumentException ex) {
        log.warn(
            "Diff report of replica " + replica.getKey() + " cannot be read: " + ex.getMessage());
      }
    }
    if (views.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        MergedDiffReports.merge(
            routeId,
            views,
            RouteDiffReports.DIFF_FIELDS_PER_ROUTE,
            RouteDiffReports.SAMPLES_PER_FIELD));
  }

  @Override
  public boolean reset(String routeId) {
    Optional<DiffReport> report = reports.find(routeId);
    report.ifPresent(DiffReport::reset);
    return report.isPresent()
        || shared.others(SECTION).values().stream()
            .anyMatch(replica -> !replica.figures().path(routeId).isMissingNode());
  }

  /** Resets this replica's reports that another replica's admin call reset. */
  void onStateChanged(StateChangedEvent event) {
    for (AuditEntry entry : event.remoteEntries()) {
      String routeId = entry.route();
      if (AuditAction.DIFFS_RESET.wireName().equals(entry.action()) && routeId != null) {
        reports.find(routeId).ifPresent(DiffReport::reset);
        log.info("Diff report of route " + routeId + " reset, as " + entry.who() + " asked");
      }
    }
  }
}
