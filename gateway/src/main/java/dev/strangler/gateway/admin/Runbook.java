package dev.strangler.gateway.admin;

import dev.strangler.gateway.admin.RouteView.Side;
import dev.strangler.gateway.plan.PlanSteering;
import dev.strangler.gateway.progress.PathShape;
import dev.strangler.gateway.route.RulesStatus;
import dev.strangler.rules.Mode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The operator's runbook in Markdown ({@code GET /admin/runbook}): for every route its phase, what
 * to do next, the plan's ETA and the exact command that rolls it back.
 *
 * <p>Commands are written for a shell with the token in {@code $STRANGLER_ADMIN_TOKEN}, against the
 * address the runbook was asked for on, so that they work from where the operator is.
 */
final class Runbook {

  /** Canary shares suggested when a route has no plan. */
  private static final List<BigDecimal> CANARY_STEPS =
      List.of(
          new BigDecimal("1"),
          new BigDecimal("5"),
          new BigDecimal("10"),
          new BigDecimal("25"),
          new BigDecimal("50"),
          new BigDecimal("100"));

  /** Path shapes of the catch-all listed. */
  static final int SHAPES = 20;

  /** Modern error rate, in percent, above which the runbook says so. */
  private static final double ERROR_PERCENT_WARNING = 1.0;

  private final String adminUrl;

  private final boolean plansEnabled;

  /**
   * @param adminUrl the management server's base URL, as the caller reached it
   * @param plansEnabled whether plans run ({@code strangler.plans.enabled})
   */
  Runbook(String adminUrl, boolean plansEnabled) {
    this.adminUrl = adminUrl;
    this.plansEnabled = plansEnabled;
  }

  /**
   * The rollback command of a route.
   *
   * @param adminUrl the management server's base URL, e.g. {@code http://gateway:8081}
   * @param routeId the route
   * @return one line of shell
   */
  static String rollbackCommand(String adminUrl, String routeId) {
    return "curl -X POST -H \"Authorization: Bearer $STRANGLER_ADMIN_TOKEN\" -H \"Content-Type:"
        + " application/json\" -d '{\"reason\":\"describe why\"}' "
        + adminUrl
        + "/admin/routes/"
        + routeId
        + "/rollback";
  }

  private String rolloutCommand(String routeId, String mode, @Nullable BigDecimal percent) {
    String body =
        "{\"mode\":\""
            + mode
            + "\""
            + (percent == null ? "" : ",\"percent\":" + percent.toPlainString())
            + ",\"reason\":\"describe why\"}";
    return "curl -X PUT -H \"Authorization: Bearer $STRANGLER_ADMIN_TOKEN\" -H \"Content-Type:"
        + " application/json\" -d '"
        + body
        + "' "
        + adminUrl
        + "/admin/routes/"
        + routeId
        + "/rollout";
  }

  private String targetsCommand(String routeId) {
    return "curl -X PUT -H \"Authorization: Bearer $STRANGLER_ADMIN_TOKEN\" -H \"Content-Type:"
        + " application/json\" -d '{\"modern\":[\"alice\",\"header:X-Tenant=beta\"],"
        + "\"legacy\":[],\"reason\":\"describe why\"}' "
        + adminUrl
        + "/admin/routes/"
        + routeId
        + "/targets";
  }

  private String planCommand(String routeId, String move) {
    return "curl -X POST -H \"Authorization: Bearer $STRANGLER_ADMIN_TOKEN\" -H \"Content-Type:"
        + " application/json\" -d '{\"reason\":\"describe why\"}' "
        + adminUrl
        + "/admin/routes/"
        + routeId
        + "/plan/"
        + move;
  }

  /**
   * Writes the runbook.
   *
   * @param routes the routes in force
   * @param rules the state of the rules file
   * @param progress the migration's progress, with at most {@link #SHAPES} path shapes
   * @param now when the runbook is written
   * @return the Markdown
   */
  String write(
      List<RouteView> routes, RulesStatus rules, ProgressViews.Progress progress, Instant now) {
    StringBuilder md = new StringBuilder(2048 + 1536 * routes.size());
    md.append("# Strangler runbook\n\n");
    md.append("Written ")
        .append(now)
        .append(" by the gateway at ")
        .append(adminUrl)
        .append(", rules `")
        .append(rules.version())
        .append("` from `")
        .append(rules.source())
        .append("`, loaded ")
        .append(rules.loadedAt())
        .append(".\n\n");
    md.append(
        "Every command below expects the admin token in `STRANGLER_ADMIN_TOKEN`. A rollout change"
            + " or a rollback takes effect on the next request; replace `describe why` with the"
            + " reason, which goes to the audit log (`GET /admin/audit`).\n\n");
    if (rules.failing()) {
      md.append("> **The last change of the rules file was refused**; rules `")
          .append(rules.version())
          .append("` stay in force. Fix the file:\n");
      for (String error : rules.errors()) {
        md.append(">\n> - `").append(error.replace("`", "'")).append("`\n");
      }
      md.append('\n');
    }
    progress(md, progress);
    if (routes.isEmpty()) {
      md.append("The rules have no routes: every request goes to legacy.\n");
    }
    for (RouteView route : routes) {
      route(md, route);
    }
    return md.toString();
  }

  private void route(StringBuilder md, RouteView route) {
    md.append("## Route `").append(route.id()).append("`\n\n");
    md.append("| | |\n| --- | --- |\n");
    md.append("| Paths | ")
        .append(String.join(", ", route.paths().stream().map(p -> "`" + p + "`").toList()))
        .append(route.methods().isEmpty() ? "" : " (" + String.join(", ", route.methods()) + ")")
        .append(" |\n");
    md.append("| Phase | **").append(route.phase()).append("** |\n");
    md.append("| Rollout set by | ").append(source(route)).append(" |\n");
    md.append("| Plan | ").append(plan(route)).append(" |\n");
    md.append("| ETA | ").append(eta(route)).append(" |\n");
    md.append("| Targets | ").append(targets(route)).append(" |\n");
    md.append("| Calls to modern | ").append(calls(route.filters().modern(), route)).append(" |\n");
    md.append("| Calls to legacy | ").append(calls(route.filters().legacy(), route)).append(" |\n");
    md.append("| Legacy | ").append(side(route.traffic().legacy())).append(" |\n");
    md.append("| Modern | ").append(side(route.traffic().modern())).append(" |\n");
    md.append("| Circuit breaker | ")
        .append(
            route.circuitBreaker() == null ? "none (no fallback)" : route.circuitBreaker().state())
        .append(" |\n");
    md.append("| Shadow | ")
        .append(
            route.shadow() == null
                ? "no diff report"
                : route.shadow().differing()
                    + " of "
                    + route.shadow().compared()
                    + " compared pairs differ ("
                    + percent(route.shadow().diffRate() * 100)
                    + ")")
        .append(" |\n\n");
    md.append("Next steps:\n\n");
    for (String step : nextSteps(route)) {
      md.append("- ").append(step).append('\n');
    }
    md.append("\nRoll back at once (mode legacy, percent 0, plan paused)")
        .append(
            route.filters().legacy().isEmpty()
                ? ""
                : "; legacy then answers every request with its own filters, as listed above")
        .append(":\n\n```sh\n")
        .append(rollbackCommand(adminUrl, route.id()))
        .append("\n```\n\n");
  }

  /** The filters of a side's calls, for the route's table. */
  private static String calls(List<String> filters, RouteView route) {
    String host = route.preserveHost() ? "the client's Host" : "the backend's Host";
    if (filters.isEmpty()) {
      return "no filters, " + host;
    }
    return String.join(
            ", ",
            filters.stream().map(f -> "`" + f.replace("`", "'").replace("|", "\\|") + "`").toList())
        + ", "
        + host;
  }

  private static void progress(StringBuilder md, ProgressViews.Progress progress) {
    md.append("## Migration progress\n\n");
    ProgressViews.Shares overall = progress.overall();
    md.append("Modern answered ")
        .append(share(overall.lastHour()))
        .append(" of the requests over the last ")
        .append(window(progress.lastHourCovers()))
        .append(" and ")
        .append(share(overall.sinceStart()))
        .append(" since this gateway started.\n\n");
    md.append("| Route | Phase | Modern share, last ")
        .append(window(progress.lastHourCovers()))
        .append(" | Since start | Plan ETA |\n| --- | --- | --- | --- | --- |\n");
    for (ProgressViews.RouteProgress route : progress.routes()) {
      md.append("| `")
          .append(route.id())
          .append("` | ")
          .append(
              "canary".equals(route.phase())
                  ? "canary " + route.percent().toPlainString() + "%"
                  : route.phase())
          .append(" | ")
          .append(share(route.share().lastHour()))
          .append(" | ")
          .append(share(route.share().sinceStart()))
          .append(" | ")
          .append(planEta(route.plan()))
          .append(" |\n");
    }
    ProgressViews.CatchAll catchAll = progress.catchAll();
    md.append("\n### Still reaching the catch-all\n\n")
        .append(catchAll.share().sinceStart().requests())
        .append(" requests since start");
    if (catchAll.share().lastHour() != null) {
      md.append(" (")
          .append(catchAll.share().lastHour().requests())
          .append(" over the last ")
          .append(window(progress.lastHourCovers()))
          .append(")");
    }
    md.append(
        " matched no route and went to legacy: this is what is left to migrate. Their path"
            + " shapes, most requested first (numeric, UUID and hex-looking segments as `{id}`; ");
    md.append(catchAll.shapesTracked())
        .append(" kept, at most ")
        .append(catchAll.shapesBound())
        .append("):\n\n");
    if (catchAll.shapes().isEmpty()) {
      md.append("None so far.\n\n");
      return;
    }
    md.append("| Path shape | Requests | Last seen |\n| --- | --- | --- |\n");
    for (PathShape shape : catchAll.shapes()) {
      md.append("| ")
          .append(codeCell(shape.template()))
          .append(" | ")
          .append(shape.requests())
          .append(shape.overcount() > 0 ? " (at most " + shape.overcount() + " of others)" : "")
          .append(" | ")
          .append(shape.lastSeen())
          .append(" |\n");
    }
    md.append('\n');
  }

  private static String share(ProgressViews.@Nullable Served served) {
    if (served == null) {
      return "n/a (no figures yet)";
    }
    if (served.modernShare() == null) {
      return "n/a (no requests)";
    }
    return percent(served.modernShare())
        + " ("
        + served.modern()
        + " of "
        + served.requests()
        + ")";
  }

  private static String planEta(ProgressViews.@Nullable PlanEta plan) {
    if (plan == null) {
      return "no plan";
    }
    if (plan.step() == null) {
      return "plans not running";
    }
    return "step "
        + plan.step()
        + " of "
        + plan.steps()
        + ", "
        + plan.status()
        + (plan.waitingForWindow() == null
            ? ""
            : ", waiting for its window from " + plan.waitingForWindow())
        + (plan.eta() == null ? "" : ", ETA " + plan.eta());
  }

  private static String window(String isoDuration) {
    return Duration.parse(isoDuration).toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** Client data in a table cell: a code span that no backtick or pipe can leave. */
  private static String codeCell(String text) {
    return "`" + text.replace('`', '\'').replace("|", "\\|") + "`";
  }

  private static String source(RouteView route) {
    RouteView.RolloutSource source = route.rollout();
    if (!source.runtime()) {
      return "the rules file";
    }
    return source.who()
        + " at "
        + source.at()
        + " (the rules file says "
        + source.file()
        + "): "
        + markdownText(String.valueOf(source.reason()));
  }

  private String plan(RouteView route) {
    RouteView.PlanView plan = route.plan();
    if (plan == null) {
      return "no plan";
    }
    String steps =
        "steps "
            + String.join(", ", plan.steps().stream().map(s -> s.toPlainString() + "%").toList());
    if (plan.step() == null) {
      return steps
          + (plansEnabled
              ? "; not started yet: the plan runner starts it at its next evaluation"
              : "; not running: " + PlanSteering.NOT_ENABLED);
    }
    return steps
        + "; step "
        + plan.step()
        + " of "
        + plan.steps().size()
        + " ("
        + plan.percent()
        + "%), "
        + plan.status();
  }

  private static String targets(RouteView route) {
    RouteView.TargetsView targets = route.targets();
    if (!targets.any()) {
      return "none: every request goes by the percent";
    }
    String lists =
        entries(targets.modern())
            + " always to modern, "
            + entries(targets.legacy())
            + " to legacy";
    String source =
        RouteView.RolloutSource.RUNTIME.equals(targets.source())
            ? "set by "
                + targets.who()
                + " at "
                + targets.at()
                + ": "
                + markdownText(String.valueOf(targets.reason()))
            : "from the rules file";
    return lists + " in canary mode (" + source + ")";
  }

  /** {@code `alice`, `bob` and 3 more}: the first entries of a list, as code. */
  private static String entries(List<String> entries) {
    if (entries.isEmpty()) {
      return "none";
    }
    int shown = Math.min(entries.size(), 5);
    String listed =
        String.join(
            ", ",
            entries.subList(0, shown).stream()
                .map(entry -> "`" + entry.replace("`", "'").replace("|", "\\|") + "`")
                .toList());
    return listed + (entries.size() > shown ? " and " + (entries.size() - shown) + " more" : "");
  }

  private String eta(RouteView route) {
    RouteView.PlanView plan = route.plan();
    if (plan == null) {
      return "no plan";
    }
    if (plan.waitingForWindow() != null) {
      return "waiting for window: the plan moves on from "
          + plan.waitingForWindow()
          + (plan.eta() == null ? "" : "; done " + plan.eta());
    }
    if (plan.eta() == null) {
      String why =
          plan.step() != null
              ? plan.status()
              : plansEnabled ? "not started yet" : PlanSteering.NOT_ENABLED;
      return "not available (" + why + ")";
    }
    return plan.eta().toString();
  }

  private static String side(Side side) {
    return side.requests()
        + " requests, "
        + side.errors()
        + " errors ("
        + percent(side.errorPercent())
        + "), p99 "
        + (side.p99Ms() == null ? "n/a" : side.p99Ms() + " ms");
  }

  private List<String> nextSteps(RouteView route) {
    String id = route.id();
    List<String> steps = new ArrayList<>();
    if (route.circuitBreaker() != null && !"CLOSED".equals(route.circuitBreaker().state())) {
      steps.add(
          "Modern's circuit breaker is "
              + route.circuitBreaker().state()
              + ": legacy answers in its place. "
              + "Find out why modern fails before going further, and roll back if clients suffer.");
    }
    Side modern = route.traffic().modern();
    if (modern.requests() > 0 && modern.errorPercent() > ERROR_PERCENT_WARNING) {
      steps.add(
          "Modern fails "
              + percent(modern.errorPercent())
              + " of its requests (5xx and fallbacks): "
              + "consider rolling back.");
    }
    switch (Mode.parse(route.mode())) {
      case LEGACY -> {
        steps.add(
            "Legacy answers every request and modern gets none. Next, mirror traffic to modern and "
                + "compare the answers, with no effect on clients: `"
                + rolloutCommand(id, "shadow", null)
                + "`");
      }
      case SHADOW -> {
        steps.add(
            "Legacy answers; modern gets a copy of each request and the answers are compared. Read"
                + " the diff report (`GET "
                + adminUrl
                + "/admin/routes/"
                + id
                + "/diffs`) and fix the differences that "
                + "matter"
                + (route.shadow() == null
                    ? ""
                    : "; the diff rate is now " + percent(route.shadow().diffRate() * 100))
                + ".");
        steps.add(
            "When the differences are gone, let modern answer a small share of the keys: `"
                + rolloutCommand(id, "canary", CANARY_STEPS.get(0))
                + "`");
      }
      case CANARY -> canarySteps(route, steps);
      case MODERN -> {
        steps.add(
            "Modern answers every request; legacy is only its fallback. Watch the fallbacks and the"
                + " error rate for a while.");
        if (route.rollout().runtime()) {
          steps.add(
              "Write `mode: modern` into the rules file, so that the file says what is in force.");
        }
        steps.add("Then retire legacy for these paths.");
      }
    }
    return steps;
  }

  private void canarySteps(RouteView route, List<String> steps) {
    String id = route.id();
    steps.add(
        "Modern answers "
            + route.percent().toPlainString()
            + "% of the keys. Compare modern's error rate "
            + "and p99 with legacy's (above) before raising the share.");
    steps.add(
        "To send chosen users to one side whatever the percent (the team's own ids, a beta"
            + " tenant, a customer under contract freeze), set the route's targets: `"
            + targetsCommand(id)
            + "`");
    if (route.plan() != null) {
      steps.add(
          "The plan moves the share through its steps by itself while its gates hold. See what it"
              + " would decide now, gate by gate: `"
              + planCommand(id, "simulate")
              + "`. Pause it with"
              + " `"
              + planCommand(id, "pause")
              + "`, resume it with `.../plan/resume`, or move to the next step at once "
              + "with `.../plan/advance`.");
      return;
    }
    BigDecimal next =
        CANARY_STEPS.stream()
            .filter(step -> step.compareTo(route.percent()) > 0)
            .findFirst()
            .orElse(null);
    if (next == null || next.compareTo(new BigDecimal("100")) >= 0) {
      steps.add(
          "If it holds, send every request to modern: `"
              + rolloutCommand(id, "modern", null)
              + "`");
    } else {
      steps.add(
          "If it holds, raise the share to "
              + next.toPlainString()
              + "%: `"
              + rolloutCommand(id, "canary", next)
              + "`");
    }
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f%%", value);
  }

  /** A free text on one line of a Markdown table, its markup shown as text. */
  private static String markdownText(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\`*_{}[]<>()#+!|~".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
