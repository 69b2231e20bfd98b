package dev.strangler.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.admin.RouteView.CircuitBreakerView;
import dev.strangler.gateway.admin.RouteView.PlanView;
import dev.strangler.gateway.admin.RouteView.RolloutSource;
import dev.strangler.gateway.admin.RouteView.Side;
import dev.strangler.gateway.admin.RouteView.Traffic;
import dev.strangler.gateway.route.RulesStatus;
import dev.strangler.gateway.shadow.ShadowFigures;
import dev.strangler.gateway.state.RolloutSnapshot;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RunbookTest {

  static final String ADMIN = "http://gateway:8081";

  static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");

  static final ProgressViews.Progress NO_PROGRESS =
      new ProgressViews.Progress(
          NOW,
          "PT1H",
          new ProgressViews.Shares(null, ProgressViews.Served.NONE),
          java.util.Map.of(),
          List.of(),
          new ProgressViews.CatchAll(
              new ProgressViews.Shares(null, ProgressViews.Served.NONE), 1000, 0, 0, List.of()));

  static final RulesStatus RULES =
      new RulesStatus("rules.yaml", "0d09e9a8c78a", NOW, NOW, List.of(), null);

  static final Traffic QUIET = new Traffic(new Side(100, 0, 12.5), new Side(0, 0, null));

  static final RouteView.TargetsView NO_TARGETS =
      new RouteView.TargetsView(List.of(), List.of(), RolloutSource.RULES_FILE, null, null, null);

  static final RouteView.Filters NO_FILTERS = new RouteView.Filters(List.of(), List.of());

  static final String AUTH = "curl -X %s -H \"Authorization: Bearer $STRANGLER_ADMIN_TOKEN\"";

  static RouteView route(
      String id, String mode, String percent, @Nullable PlanView plan, RolloutSource source) {
    return new RouteView(
        id,
        List.of("/api/" + id + "/**"),
        List.of(),
        URI.create("http://legacy:8080"),
        URI.create("http://modern:8080"),
        NO_FILTERS,
        false,
        mode,
        new BigDecimal(percent),
        new BigDecimal(percent),
        mode.equals("canary") ? "canary " + percent + "%" : mode,
        source,
        plan,
        NO_TARGETS,
        null,
        QUIET,
        null);
  }

  static RouteView route(String id, String mode, String percent) {
    return route(id, mode, percent, null, fromFile(mode, percent));
  }

  static RolloutSource fromFile(String mode, String percent) {
    return new RolloutSource(
        RolloutSource.RULES_FILE,
        null,
        null,
        null,
        new RolloutSnapshot(mode, new BigDecimal(percent)));
  }

  static String write(RouteView... routes) {
    return new Runbook(ADMIN, true).write(List.of(routes), RULES, NO_PROGRESS, NOW);
  }

  @Test
  void write_namesTheRulesAndAddress_andGivesEveryRouteItsExactRollbackCommand() {
    String md = write(route("orders", "canary", "5"), route("users", "legacy", "0"));

    assertThat(md)
        .startsWith("# Strangler runbook\n")
        .contains("by the gateway at " + ADMIN + ", rules `0d09e9a8c78a` from `rules.yaml`")
        .contains("## Route `orders`")
        .contains("## Route `users`")
        .contains(
            AUTH.formatted("POST")
                + " -H \"Content-Type: application/json\" -d '{\"reason\":\"describe why\"}' "
                + ADMIN
                + "/admin/routes/orders/rollback")
        .contains(ADMIN + "/admin/routes/users/rollback");
    assertThat(Runbook.rollbackCommand(ADMIN, "orders"))
        .isEqualTo(
            AUTH.formatted("POST")
                + " -H \"Content-Type: application/json\" -d '{\"reason\":\"describe why\"}'"
                + " http://gateway:8081/admin/routes/orders/rollback");
  }

  @Test
  void write_refusedRulesFile_isShownWithEveryError() {
    RulesStatus refused =
        new RulesStatus(
            "rules.yaml",
            "0d09e9a8c78a",
            NOW,
            NOW,
            List.of(
                "routes[2].percent: 150 (expected: 0..100)", "routes[0].id: `x` (expected: id)"),
            "ffff");

    String md = new Runbook(ADMIN, true).write(List.of(), refused, NO_PROGRESS, NOW);

    assertThat(md)
        .contains("> **The last change of the rules file was refused**; rules `0d09e9a8c78a`")
        .contains("> - `routes[2].percent: 150 (expected: 0..100)`")
        .contains("> - `routes[0].id: 'x' (expected: id)`")
        .contains("The rules have no routes: every request goes to legacy.");
  }

  @Test
  void legacyRoute_nextStepIsShadow() {
    assertThat(write(route("orders", "legacy", "0")))
        .contains(
            AUTH.formatted("PUT")
                + " -H \"Content-Type: application/json\" -d"
                + " '{\"mode\":\"shadow\",\"reason\":\"describe why\"}' "
                + ADMIN
                + "/admin/routes/orders/rollout");
  }

  @Test
  void shadowRoute_pointsAtTheDiffReport_thenACanaryOfOnePercent() {
    RouteView shadow = route("orders", "shadow", "0");
    RouteView withDiffs =
        new RouteView(
            shadow.id(),
            shadow.paths(),
            shadow.methods(),
            shadow.legacy(),
            shadow.modern(),
            shadow.filters(),
            shadow.preserveHost(),
            shadow.mode(),
            shadow.percent(),
            shadow.modernShare(),
            shadow.phase(),
            shadow.rollout(),
            null,
            shadow.targets(),
            null,
            QUIET,
            new ShadowFigures(200, 3, 0.015));

    assertThat(write(withDiffs))
        .contains("| Shadow | 3 of 200 compared pairs differ (1.50%) |")
        .contains("`GET " + ADMIN + "/admin/routes/orders/diffs`")
        .contains("the diff rate is now 1.50%")
        .contains("'{\"mode\":\"canary\",\"percent\":1,\"reason\":\"describe why\"}'");
  }

  @Test
  void canaryWithoutPlan_nextStepRaisesTheShare_andFromFiftyGoesModern() {
    assertThat(write(route("orders", "canary", "5")))
        .contains("Modern answers 5% of the keys")
        .contains("If it holds, raise the share to 10%")
        .contains("'{\"mode\":\"canary\",\"percent\":10,\"reason\":\"describe why\"}'");
    assertThat(write(route("orders", "canary", "50")))
        .contains("If it holds, send every request to modern")
        .contains("'{\"mode\":\"modern\",\"reason\":\"describe why\"}'");
  }

  @Test
  void canaryWithAPlan_leavesTheShareToThePlan_andSaysHowToSteerIt() {
    PlanView plan =
        new PlanView(
            List.of(BigDecimal.ONE, new BigDecimal("5"), new BigDecimal("100")),
            2,
            new BigDecimal("5"),
            "running",
            Instant.parse("2026-04-01T09:00:00Z"),
            null);

    String md = write(route("orders", "canary", "5", plan, fromFile("canary", "1")));

    assertThat(md)
        .contains("| Plan | steps 1%, 5%, 100%; step 2 of 3 (5%), running |")
        .contains("| ETA | 2026-04-01T09:00:00Z |")
        .contains("The plan moves the share through its steps by itself")
        .contains(ADMIN + "/admin/routes/orders/plan/pause")
        .doesNotContain("raise the share");
  }

  @Test
  void planOutsideItsWindows_etaSaysItWaitsForTheNextWindow() {
    PlanView plan =
        new PlanView(
            List.of(BigDecimal.ONE, new BigDecimal("100")),
            1,
            BigDecimal.ONE,
            "running",
            Instant.parse("2026-04-06T07:10:00Z"),
            Instant.parse("2026-04-06T07:00:00Z"));

    String md = write(route("orders", "canary", "1", plan, fromFile("canary", "1")));

    assertThat(md)
        .contains(
            "| ETA | waiting for window: the plan moves on from 2026-04-06T07:00:00Z; done"
                + " 2026-04-06T07:10:00Z |");
  }

  @Test
  void progress_aPlanOutsideItsWindows_saysFromWhenItMayMoveOn() {
    ProgressViews.Shares none = new ProgressViews.Shares(null, ProgressViews.Served.NONE);
    ProgressViews.Progress progress =
        new ProgressViews.Progress(
            NOW,
            "PT1H",
            none,
            java.util.Map.of("canary", 1),
            List.of(
                new ProgressViews.RouteProgress(
                    "orders",
                    "canary",
                    "canary",
                    BigDecimal.ONE,
                    new ProgressViews.PlanEta(
                        1,
                        3,
                        "running",
                        Instant.parse("2026-04-03T10:00:00Z"),
                        Instant.parse("2026-04-02T07:00:00Z")),
                    none)),
            NO_PROGRESS.catchAll());

    String md =
        new Runbook(ADMIN, true)
            .write(List.of(route("orders", "canary", "1")), RULES, progress, NOW);

    assertThat(md)
        .contains(
            "| `orders` | canary 1% | n/a (no figures yet) | n/a (no requests) | step 1 of 3,"
                + " running, waiting for its window from 2026-04-02T07:00:00Z,"
                + " ETA 2026-04-03T10:00:00Z |");
  }

  @Test
  void planWithoutStep_saysWhetherPlansAreDisabledOrNotStartedYet() {
    PlanView noStep = new PlanView(List.of(BigDecimal.ONE), null, null, null, null, null);
    List<RouteView> routes =
        List.of(route("orders", "canary", "0", noStep, fromFile("canary", "0")));

    assertThat(new Runbook(ADMIN, true).write(routes, RULES, NO_PROGRESS, NOW))
        .contains("| Plan | steps 1%; not started yet: the plan runner starts it")
        .contains("| ETA | not available (not started yet) |")
        .doesNotContain("disabled");
    assertThat(new Runbook(ADMIN, false).write(routes, RULES, NO_PROGRESS, NOW))
        .contains("| Plan | steps 1%; not running: rollout plans are disabled")
        .contains("| ETA | not available (rollout plans are disabled");
  }

  @Test
  void modernRouteSetAtRuntime_asksToWriteItIntoTheFile_andShowsWhoSetItEscaped() {
    RolloutSource runtime =
        new RolloutSource(
            RolloutSource.RUNTIME,
            "ops",
            NOW,
            "all in | *now*",
            new RolloutSnapshot("canary", new BigDecimal("50")));

    String md = write(route("orders", "modern", "100", null, runtime));

    assertThat(md)
        .contains("| Rollout set by | ops at " + NOW + " (the rules file says canary 50%): ")
        .contains("all in \\| \\*now\\*")
        .contains("Write `mode: modern` into the rules file")
        .contains("Then retire legacy for these paths.");
  }

  @Test
  void failingModern_andAnOpenBreaker_comeFirstInTheNextSteps() {
    RouteView route = route("orders", "canary", "5");
    RouteView failing =
        new RouteView(
            route.id(),
            route.paths(),
            route.methods(),
            route.legacy(),
            route.modern(),
            route.filters(),
            route.preserveHost(),
            route.mode(),
            route.percent(),
            route.modernShare(),
            route.phase(),
            route.rollout(),
            null,
            route.targets(),
            new CircuitBreakerView("OPEN", 60.0, 0.0),
            new Traffic(new Side(100, 0, 10.0), new Side(50, 10, 40.0)),
            null);

    String md = write(failing);

    assertThat(md)
        .contains("| Circuit breaker | OPEN |")
        .contains("| Modern | 50 requests, 10 errors (20.00%)");
    int breaker = md.indexOf("Modern's circuit breaker is OPEN");
    int errors = md.indexOf("Modern fails 20.00% of its requests");
    int share = md.indexOf("Modern answers 5% of the keys");
    assertThat(breaker).isPositive().isLessThan(errors);
    assertThat(errors).isLessThan(share);
  }
}
