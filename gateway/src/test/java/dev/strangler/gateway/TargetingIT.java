package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.rules.StickyBucket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Targeting through the running gateway: listed users and header matches on their side whatever the
 * percent, the others on the bucket formula; targets set at runtime through the admin API,
 * validated and audited; counted apart in the metrics.
 */
@GatewayIT(
    properties = {
      "strangler.admin.token=" + TargetingIT.TOKEN,
      "strangler.override.token=" + TargetingIT.FORCE_TOKEN
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class TargetingIT {

  static final String TOKEN = "targeting-test-admin-token-1";

  static final String FORCE_TOKEN = "targeting-force-token";

  /** A thousand users; the first hundred are the team's, listed for modern. */
  static final List<String> USERS = users();

  static List<String> users() {
    SplittableRandom random = new SplittableRandom(1000);
    Set<String> users = new HashSet<>();
    while (users.size() < 1000) {
      users.add("u" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    return List.copyOf(users);
  }

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: accounts
          paths: [/accounts/**]
          modern: ${modern}
          mode: canary
          percent: 10
          sticky-by: [header:X-User-Id]
          targets:
            modern: [%s, "header:X-Tenant=beta"]
            legacy: [%s, "header:X-Plan=frozen"]
        - id: search
          paths: [/search/**]
          modern: ${modern}
          mode: canary
          percent: 0
      """;

  /** The first hundred users listed for modern, the next fifty for legacy. */
  @RegisterExtension
  static final GatewayBackends backends =
      GatewayBackends.withRules(
          RULES.formatted(
              String.join(", ", USERS.subList(0, 100)),
              String.join(", ", USERS.subList(100, 150))));

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  GatewayClient client;

  AdminClient admin;

  @BeforeEach
  void setUp() {
    client = new GatewayClient(port);
    admin = new AdminClient(managementPort, TOKEN);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  private String side(String user, String... headers) {
    List<String> all = new ArrayList<>(List.of("X-User-Id", user));
    all.addAll(List.of(headers));
    HttpResponse<String> response = client.get("/accounts/1", all.toArray(String[]::new));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void thousandUsers_listedOnTheirSide_othersOnTheFormula() {
    StickyBucket bucket = StickyBucket.forSalt("accounts");
    for (int i = 0; i < USERS.size(); i++) {
      String user = USERS.get(i);
      String expected;
      if (i < 100) {
        expected = "modern";
      } else if (i < 150) {
        expected = "legacy";
      } else {
        expected = bucket.bucket(user) < 1000 ? "modern" : "legacy";
      }
      assertThat(side(user)).as(user).isEqualTo(expected);
    }

    assertThat(side("someone", "X-Tenant", "beta")).isEqualTo("modern");
    assertThat(side(USERS.get(0), "X-Plan", "frozen")).as("legacy wins").isEqualTo("legacy");
    assertThat(
            side(
                USERS.get(120),
                "X-Strangler-Force",
                "modern",
                "X-Strangler-Force-Token",
                FORCE_TOKEN))
        .as("a forced target wins over targets")
        .isEqualTo("modern");
    String metrics = new GatewayClient(managementPort).get("/actuator/prometheus").body();
    assertThat(counter(metrics, "accounts", "modern")).isEqualTo(101);
    assertThat(counter(metrics, "accounts", "legacy")).isEqualTo(51);
    assertThat(metrics)
        .as("strangler_requests_total has no new label")
        .contains(
            "strangler_requests_total{application=\"strangler\",outcome=\"success\","
                + "route=\"accounts\",target=\"modern\"}");
  }

  private static double counter(String metrics, String route, String target) {
    Matcher matcher =
        Pattern.compile(
                "strangler_targeted_requests_total\\{application=\"strangler\",route=\""
                    + route
                    + "\",target=\""
                    + target
                    + "\"} ([0-9.E]+)")
            .matcher(metrics);
    assertThat(matcher.find())
        .as(
            "targeted counter of %s/%s in %s",
            route, target, metrics.lines().filter(line -> line.startsWith("strangler_t")).toList())
        .isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  @Test
  void targetsSetAtRuntime_takeEffect_areShownAndAudited() {
    String alice = USERS.get(500);
    assertThat(side(alice, "X-Plan", "frozen")).isEqualTo("legacy");

    HttpResponse<String> put =
        admin.send(
            "PUT",
            "/admin/routes/accounts/targets",
            "{\"modern\": [\""
                + alice
                + "\"], \"legacy\": [\"header:X-Plan=gold\"], \"reason\": \"alice tries the"
                + " beta\"}");

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode targets = AdminClient.parse(put.body()).get("targets");
    assertThat(targets.get("modern").get(0).asString()).isEqualTo(alice);
    assertThat(targets.get("source").asString()).isEqualTo("runtime");
    assertThat(targets.get("who").asString()).isNotBlank();
    assertThat(side(alice, "X-Plan", "frozen"))
        .as("the file's targets are replaced")
        .isEqualTo("modern");
    assertThat(side(USERS.get(0)))
        .as("no longer listed: on the formula")
        .isEqualTo(
            StickyBucket.forSalt("accounts").bucket(USERS.get(0)) < 1000 ? "modern" : "legacy");
    JsonNode entry = admin.json("/admin/audit?route=accounts").get("entries").get(0);
    assertThat(entry.get("action").asString()).isEqualTo("targets");
    assertThat(entry.get("reason").asString()).isEqualTo("alice tries the beta");
    assertThat(entry.get("figures").get("modern-entries").asDouble()).isEqualTo(1);
    assertThat(admin.get("/admin/runbook").body())
        .contains("| Targets | `" + alice + "` always to modern, `header:X-Plan=gold` to legacy")
        .contains("/admin/routes/accounts/targets");
  }

  @Test
  void invalidTargets_areRefusedWith400_andNothingChanges() {
    HttpResponse<String> both =
        admin.send(
            "PUT",
            "/admin/routes/accounts/targets",
            "{\"modern\": [\"bob\", \"header:X Bad=1\"], \"legacy\": [\"bob\"], \"reason\":"
                + " \"x\"}");
    HttpResponse<String> keysWithoutSticky =
        admin.send(
            "PUT", "/admin/routes/search/targets", "{\"modern\": [\"alice\"], \"reason\": \"x\"}");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      tooMany.add("\"user-" + i + "\"");
    }
    HttpResponse<String> bounded =
        admin.send(
            "PUT",
            "/admin/routes/accounts/targets",
            "{\"modern\": " + tooMany + ", \"reason\": \"x\"}");

    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(both.body())
        .contains(
            "modern[1]: header:X Bad=1 (expected: header:NAME=value with a header name made of"
                + " token characters)")
        .contains("legacy[0]: bob (expected: an entry listed once; modern[0] has it already)");
    assertThat(keysWithoutSticky.statusCode()).isEqualTo(400);
    assertThat(keysWithoutSticky.body())
        .contains("modern[0]: alice (expected: header matches only");
    assertThat(bounded.statusCode()).isEqualTo(400);
    assertThat(bounded.body()).contains("targets: 10001 entries (expected: at most 10000 entries");
    assertThat(admin.json("/admin/routes/accounts").get("targets").get("source").asString())
        .isEqualTo("rules-file");
    assertThat(admin.json("/admin/audit?route=accounts").get("entries")).isEmpty();
  }
}
