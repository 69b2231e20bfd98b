package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.Browser;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.RulesFiles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real browser (headless Chromium) against the running gateway with WireMock
 * backends: log in, the routes and the migration's progress, a route's targets and a plan waiting
 * for its window, a rollout changed and traffic following it, a rollback, a plan paused, a diff
 * report opened and reset, charts with data points, the wrong-token message, a 360 px wide screen.
 * Each page is saved as a screenshot in {@code target/screenshots}, or in {@code docs/screenshots}
 * for the README with {@code -Dscreenshots.update=true}.
 *
 * <p>Its context has properties of its own, shared by no other class: it is closed when the class
 * is done ({@code DirtiesContext}) rather than at the JVM's exit.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "strangler.admin.token=" + DashboardBrowserIT.TOKEN,
      "strangler.history.resolution=1s",
      "strangler.history.window=5m",
      "strangler.plans.evaluate-interval=500ms"
    })
@DirtiesContext
class DashboardBrowserIT {

  static final String TOKEN = "dashboard-token-for-tests-0001";

  @RegisterExtension
  static WireMockExtension legacy =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension modern =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: catalog
          paths: [/api/catalog/**]
          modern: ${modern}
          mode: canary
          percent: 0
          sticky-by: [header:X-User-Id]
          targets:
            modern: [beta-1, "header:X-Tenant=beta"]
            legacy: [frozen-1]
        - id: orders
          paths: [/api/orders/**]
          modern: ${modern}
          mode: shadow
        - id: payments
          paths: [/api/payments/**]
          modern: ${modern}
          mode: modern
        - id: search
          paths: [/api/search/**]
          modern: ${modern}
          mode: canary
          percent: 1
          plan:
            steps: [1, 5, 25, 100]
            step-duration: 1h
            windows: ["${window}"]
      """;

  /**
   * A one-minute window three days ahead, closed all through the test: the search plan runs but
   * waits for it.
   */
  static final Instant WINDOW_OPENS =
      LocalDate.now(ZoneOffset.UTC).plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();

  static final String WINDOW =
      WINDOW_OPENS
              .atZone(ZoneOffset.UTC)
              .getDayOfWeek()
              .getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
          + " 00:00-00:01 UTC";

  static RulesFiles rules;

  static Browser browser;

  @DynamicPropertySource
  static void rules(DynamicPropertyRegistry registry) {
    rules = RulesFiles.create(legacy, modern).write(RULES.replace("${window}", WINDOW));
    registry.add("strangler.rules.location", () -> rules.path().toString());
  }

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  GatewayClient client;

  AdminClient admin;

  @BeforeEach
  void setUp() {
    client = new GatewayClient(port);
    admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"engine\":\"legacy\",\"total\":42.5}")));
    modern.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"engine\":\"modern\",\"total\":\"42.5\",\"currency\":\"EUR\"}")));
    modern.stubFor(
        any(urlPathMatching("/api/payments/.*")).willReturn(aResponse().withStatus(503)));
    browser.size(1280, 900);
    browser.open("http://127.0.0.1:" + managementPort + "/");
    // a token kept by the previous test opens the routes at once: forget it, as an operator would
    browser.waitFor(
        d ->
            d.findElement(By.id("login")).isDisplayed()
                || d.findElement(By.id("forget-token")).isDisplayed());
    if (browser.driver().findElement(By.id("forget-token")).isDisplayed()) {
      browser.click("#forget-token");
    }
    browser.visible("token");
  }

  void logIn() {
    WebElement token = browser.visible("token");
    token.sendKeys(TOKEN);
    browser.find("#login-form button[type=submit]").click();
    browser.find("#routes tbody tr[data-route='catalog']");
  }

  @Test
  void wrongToken_clearMessage_thenTheRightTokenOpensTheRoutes() {
    browser.visible("token").sendKeys("not-the-token-at-all");
    browser.find("#login-form button[type=submit]").click();

    String message = browser.waitForText("login-error", "refused");

    assertThat(message).contains("The token was refused (401)");
    assertThat(browser.driver().findElement(By.id("main")).isDisplayed()).isFalse();
    browser.screenshot("dashboard-wrong-token");
    logIn();
    assertThat(routeIds()).containsExactly("catalog", "orders", "payments", "search");
  }

  @Test
  void overview_routesAndProgress_withTheCatchAllToDoList() {
    for (int i = 0; i < 3; i++) {
      client.get("/legacy-app/customers/" + (500 + i) + "/invoices");
    }
    client.get("/legacy-app/home");
    for (int i = 0; i < 4; i++) {
      client.get("/api/payments/" + i);
    }

    logIn();

    browser.waitForText("catch-all", "/legacy-app/customers/{id}/invoices");
    String catchAll = browser.driver().findElement(By.id("catch-all")).getText();
    assertThat(catchAll.indexOf("/legacy-app/customers/{id}/invoices"))
        .isLessThan(catchAll.indexOf("/legacy-app/home"));
    assertThat(browser.driver().findElement(By.id("progress-phases")).getText())
        .contains("shadowing 1")
        .contains("canary 2")
        .contains("modern 1");
    WebElement payments = browser.find("#routes tr[data-route='payments']");
    browser.waitFor(
        d ->
            d.findElement(By.cssSelector("#routes tr[data-route='payments'] td.modern"))
                .getText()
                .startsWith("4 req"));
    assertThat(payments.findElement(By.cssSelector("td.legacy")).getText())
        .isEqualTo("0 req · 0 err (0%)\np99 –");
    browser.screenshot("dashboard-overview");
  }

  @Test
  void targetsUnderTheRoute_andAPlanWaitingForItsWindow() {
    assertThat(target("/api/catalog/items", "beta-1")).isEqualTo("modern");
    logIn();

    assertThat(rowText("catalog", ".targets", "always"))
        .contains("always modern: beta-1, header:X-Tenant=beta")
        .contains("always legacy: frozen-1");
    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("#routes tr[data-route='orders'] .targets")))
        .isEmpty();
    assertThat(rowText("search", ".plan-window", "window"))
        .startsWith("waiting for its window: moves on from ");
    assertThat(admin.json("/admin/routes/search").at("/plan/waitingForWindow").asString())
        .isEqualTo(WINDOW_OPENS.toString());
    assertThat(browser.waitForText("progress-phases", "waiting for its window"))
        .contains("search 1% (waiting for its window: ");
    browser.screenshot("dashboard-targets-and-window");

    assertThat(
            admin
                .send(
                    "PUT",
                    "/admin/routes/catalog/targets",
                    "{\"modern\":[\"beta-1\",\"beta-2\",\"beta-3\",\"beta-4\"],\"legacy\":[],"
                        + "\"reason\":\"more beta users\"}")
                .statusCode())
        .isEqualTo(200);
    try {
      assertThat(rowText("catalog", ".targets", "+1 more"))
          .contains("always modern: beta-1, beta-2, beta-3 +1 more")
          .doesNotContain("always legacy");
      assertThat(target("/api/catalog/items", "beta-4")).isEqualTo("modern");
    } finally {
      admin.send(
          "PUT",
          "/admin/routes/catalog/targets",
          "{\"modern\":[\"beta-1\",\"header:X-Tenant=beta\"],\"legacy\":[\"frozen-1\"],"
              + "\"reason\":\"test reset\"}");
    }
  }

  @Test
  void rolloutChange_badPercentShownAtTheField_thenConfirmed_trafficFollows() {
    logIn();
    assertThat(target("/api/catalog/items", "u-1")).isEqualTo("legacy");

    rowButton("catalog", "change-rollout").click();
    new Select(browser.visible("rollout-mode")).selectByValue("canary");
    browser.visible("rollout-percent").clear();
    browser.visible("rollout-percent").sendKeys("150");
    browser.visible("rollout-reason").sendKeys("try everyone on modern");
    browser.visible("rollout-review").click();
    assertThat(browser.visible("rollout-summary").getText())
        .contains("Set route catalog from canary 0% to canary 150%");
    browser.visible("rollout-apply").click();
    assertThat(browser.waitForText("rollout-percent-error", "percent"))
        .isEqualTo("percent: 150 (expected: 0..100)");
    browser.screenshot("dashboard-rollout-error");

    browser.visible("rollout-percent").clear();
    browser.visible("rollout-percent").sendKeys("100");
    browser.visible("rollout-review").click();
    browser.visible("rollout-apply").click();

    assertThat(browser.waitForText("message", "catalog")).contains("now canary 100%");
    for (int i = 0; i < 5; i++) {
      assertThat(target("/api/catalog/items", "u-" + i)).isEqualTo("modern");
    }
    assertThat(admin.json("/admin/audit?route=catalog&limit=1").at("/entries/0/reason").asString())
        .isEqualTo("try everyone on modern");
    admin.rollout("catalog", "{\"mode\":\"canary\",\"percent\":0,\"reason\":\"test reset\"}");
  }

  @Test
  void rollBack_needsAReason_thenTrafficGoesBackToLegacy() {
    admin.rollout("catalog", "{\"mode\":\"modern\",\"reason\":\"all in\"}");
    assertThat(target("/api/catalog/items", "u-9")).isEqualTo("modern");
    logIn();

    rowButton("catalog", "roll-back").click();
    browser.visible("confirm-ok").click();
    assertThat(browser.waitForText("confirm-error", "reason")).contains("Give a reason");
    browser.visible("confirm-reason").sendKeys("modern returns wrong totals");
    browser.screenshot("dashboard-rollback");
    browser.visible("confirm-ok").click();

    assertThat(browser.waitForText("message", "rolled back"))
        .isEqualTo("Route catalog rolled back to legacy.");
    assertThat(target("/api/catalog/items", "u-9")).isEqualTo("legacy");
    browser.waitForText("audit", "modern returns wrong totals");
    admin.rollout("catalog", "{\"mode\":\"canary\",\"percent\":0,\"reason\":\"test reset\"}");
  }

  @Test
  void plan_pausedFromItsRow() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "running".equals(admin.json("/admin/routes/search").at("/plan/status").asString()));
    logIn();

    browser.waitFor(
        d -> d.findElement(By.cssSelector("#routes tr[data-route='search'] button.plan-pause")));
    rowButton("search", "plan-pause").click();
    browser.visible("confirm-reason").sendKeys("waiting for the DBA");
    browser.visible("confirm-ok").click();

    browser.waitForText("message", "pause done");
    assertThat(admin.json("/admin/routes/search").at("/plan/status").asString())
        .isEqualTo("paused");
    admin.send("POST", "/admin/routes/search/plan/resume", "{\"reason\":\"test reset\"}");
  }

  @Test
  void diffReport_opened_thenReset() {
    for (int i = 0; i < 4; i++) {
      client.get("/api/orders/" + i);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                admin.get("/admin/routes/orders/diffs").statusCode() == 200
                    && admin.json("/admin/routes/orders/diffs").get("compared").asLong() >= 4);
    logIn();

    rowButton("orders", "show-diffs").click();

    assertThat(browser.waitForText("diffs-summary", "pairs compared")).contains("differing");
    String fields = browser.driver().findElement(By.id("diffs-fields")).getText();
    assertThat(fields).contains("$.total").contains("$.currency");
    browser.screenshot("dashboard-diffs");
    browser.visible("diffs-reset").click();
    browser.visible("confirm-reason").sendKeys("modern fixed in v2.3");
    browser.visible("confirm-ok").click();
    assertThat(browser.waitForText("diffs-summary", "0 pairs compared"))
        .startsWith("0 pairs compared");
  }

  @Test
  void charts_drawnWithDataPoints_andTheRolloutMarked() {
    admin.rollout("catalog", "{\"mode\":\"canary\",\"percent\":50,\"reason\":\"half\"}");
    for (int i = 0; i < 30; i++) {
      client.get("/api/catalog/items/" + i, "X-User-Id", "chart-user-" + i);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.json("/admin/routes/catalog/history").get("points").size() > 0);
    logIn();

    rowButton("catalog", "show-history").click();

    for (String chart : List.of("chart-share", "chart-errors", "chart-latency")) {
      browser.waitFor(
          d -> {
            WebElement node = d.findElement(By.id(chart));
            String points = node.getDomAttribute("data-points");
            return points != null && Integer.parseInt(points) > 0 ? node : null;
          });
      assertThat(browser.driver().findElements(By.cssSelector("#" + chart + " canvas")))
          .isNotEmpty();
    }
    assertThat(browser.waitForText("history-events", "canary 50%")).contains("half");
    browser.screenshot("dashboard-charts");
    admin.rollout("catalog", "{\"mode\":\"canary\",\"percent\":0,\"reason\":\"test reset\"}");
  }

  @Test
  void narrowScreen_360px_pageNeverScrollsSideways() {
    browser.size(360, 800);
    logIn();
    rowButton("catalog", "show-history").click();
    browser.visible("chart-share");

    long pageWidth =
        ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    long viewport = ((Number) browser.script("return window.innerWidth")).longValue();

    assertThat(pageWidth).isLessThanOrEqualTo(viewport);
    assertThat(viewport).isLessThanOrEqualTo(360);
    browser.screenshot("dashboard-360px");
  }

  @Test
  void dataFromBackendsAndOperators_shownAsText_neverAsMarkup() {
    String markup = "<img src=x onerror=\"window.pwned=1\">";
    modern.stubFor(
        any(urlPathMatching("/api/orders/markup"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"engine\":\"" + markup.replace("\"", "\\\"") + "\"}")));
    client.get("/api/orders/markup");
    admin.rollout("payments", "{\"mode\":\"modern\",\"reason\":\"<b id=bold>reason</b>\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.get("/admin/routes/orders/diffs").body().contains("onerror"));
    logIn();

    rowButton("orders", "show-diffs").click();

    assertThat(browser.waitForText("diffs-fields", "<img src=x")).contains("onerror");
    assertThat(browser.waitForText("audit", "<b id=bold>reason</b>")).isNotEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("#diffs-fields img, #audit b")))
        .isEmpty();
    assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
  }

  private List<String> routeIds() {
    return browser.waitFor(
        d -> {
          List<String> ids =
              d.findElements(By.cssSelector("#routes tbody tr")).stream()
                  .map(row -> row.getDomAttribute("data-route"))
                  .toList();
          return ids.isEmpty() ? null : ids;
        });
  }

  /**
   * The text of an element in a route's row once it holds {@code text}, read in the same wait: the
   * table is drawn anew at every refresh.
   */
  private String rowText(String route, String css, String text) {
    return browser.waitFor(
        d -> {
          String now =
              d.findElement(By.cssSelector("#routes tr[data-route='" + route + "'] " + css))
                  .getText();
          return now.contains(text) ? now : null;
        });
  }

  /** A button of a route's row, clicked; the table is drawn anew at every refresh. */
  private RowButton rowButton(String route, String button) {
    return () -> browser.click("#routes tr[data-route='" + route + "'] button." + button);
  }

  interface RowButton {
    void click();
  }

  private String target(String path, String user) {
    return client
        .get(path, "X-User-Id", user)
        .headers()
        .firstValue("X-Strangler-Target")
        .orElseThrow();
  }
}
