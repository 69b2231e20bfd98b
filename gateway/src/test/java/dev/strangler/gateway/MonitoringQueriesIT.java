package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.metrics.StranglerMetricNames;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.PromQl;
import dev.strangler.gateway.support.PrometheusScrape;
import dev.strangler.gateway.support.RulesFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The alert rules of {@code k8s/components/monitoring/prometheusrule.yaml} and the queries of the
 * Grafana dashboard {@code k8s/grafana/strangler-dashboard.json} ask only for what the gateway
 * exports: real traffic goes through a running gateway first (a canary split, a targeted request, a
 * fallback, shadow copies with differences, a plan, a catch-all request), then its {@code
 * /actuator/prometheus} is scraped and every metric name, label and label value that an expression
 * names must be in the scrape. Labels that Prometheus adds to every series it scrapes from a
 * PodMonitor target (namespace, pod, ...) and the series of the file's own recording rules are
 * allowed as well.
 */
// closed after the class, not with every cached context when the fork ends (Failsafe waits 30 s)
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.server.port=0"})
class MonitoringQueriesIT {

  static final Path K8S = Path.of("..", "k8s");

  static final Path RULES_FILE = K8S.resolve("components/monitoring/prometheusrule.yaml");

  static final Path DASHBOARD = K8S.resolve("grafana/strangler-dashboard.json");

  /** The target labels of a PodMonitor scrape, added by Prometheus to every series. */
  static final Set<String> TARGET_LABELS =
      Set.of("namespace", "pod", "container", "endpoint", "job", "instance");

  /** A matcher value that names plain values: {@code a}, or {@code a|b|c}. */
  static final Pattern PLAIN_ALTERNATIVES =
      Pattern.compile("[A-Za-z0-9_:.-]+(\\|[A-Za-z0-9_:.-]+)*");

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
        - id: orders
          paths: [/orders/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [header:X-User-Id]
          targets: {modern: [vip-1]}
        - id: catalog
          paths: [/catalog/**]
          modern: ${modern}
          mode: shadow
        - id: search
          paths: [/search/**]
          modern: ${modern}
          mode: canary
          plan: {steps: [10, 100], step-duration: 1h}
      """;

  @DynamicPropertySource
  static void rules(DynamicPropertyRegistry registry) {
    registry.add(
        "strangler.rules.location",
        () -> RulesFiles.create(legacy, modern).write(RULES).path().toString());
  }

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Autowired MeterRegistry registry;

  static PrometheusScrape scrape;

  @BeforeEach
  void stubBackends() {
    legacy.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":1,\"price\":10}")));
    modern.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"1\"}")));
    modern.stubFor(any(urlPathMatching("/orders/broken")).willReturn(aResponse().withStatus(503)));
  }

  /** Real traffic through the gateway, so that the route-labelled series exist, then a scrape. */
  PrometheusScrape scrapeAfterTraffic() {
    if (scrape != null) {
      return scrape;
    }
    GatewayClient client = new GatewayClient(port);
    for (int user = 0; user < 40; user++) {
      client.get("/orders/1", "X-User-Id", "user-" + user);
      client.get("/orders/broken", "X-User-Id", "user-" + user);
      client.get("/search/1", "X-User-Id", "user-" + user);
    }
    client.get("/orders/1", "X-User-Id", "vip-1");
    client.get("/home");
    for (int i = 0; i < 5; i++) {
      client.get("/catalog/" + i);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                registry
                        .get(StranglerMetricNames.SHADOW_REQUESTS)
                        .tag("route", "catalog")
                        .tag("result", "compared")
                        .counter()
                        .count()
                    >= 5);
    GatewayClient management = new GatewayClient(managementPort);
    scrape = PrometheusScrape.parse(management.get("/actuator/prometheus").body());
    return scrape;
  }

  @Test
  void traffic_producedTheSeriesTheQueriesAreCheckedAgainst() {
    PrometheusScrape scrape = scrapeAfterTraffic();

    assertThat(scrape.labels("strangler_requests_total").get("target"))
        .containsExactlyInAnyOrder("legacy", "modern");
    assertThat(scrape.labels("strangler_requests_total").get("route"))
        .contains("orders", "catalog", "search", "catch-all");
    assertThat(scrape.labels("strangler_fallbacks_total").get("reason"))
        .containsExactlyInAnyOrder("status", "timeout", "connect", "circuit_open");
    assertThat(scrape.labels("strangler_shadow_differences_total").get("severity"))
        .contains("breaking");
    assertThat(scrape.labels("strangler_state_store_up").get("store")).containsExactly("file");
    assertThat(scrape.labels("strangler_plan_moves_total").get("action")).contains("plan-rollback");
    assertThat(scrape.labels("strangler_targeted_requests_total").get("route")).contains("orders");
    assertThat(
            registry
                .get(StranglerMetricNames.TARGETED_REQUESTS)
                .tag("route", "orders")
                .tag("target", "modern")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void everyAlertAndRecordingRule_queriesOnlyWhatTheGatewayExports() throws IOException {
    PrometheusScrape scrape = scrapeAfterTraffic();
    JsonNode rules = YAMLMapper.builder().build().readTree(RULES_FILE.toFile());
    Map<String, String> expressions = new LinkedHashMap<>();
    Map<String, Set<String>> recorded = new LinkedHashMap<>();
    for (JsonNode group : rules.path("spec").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String expr = rule.path("expr").asString();
        String record = rule.path("record").asString();
        if (!record.isEmpty()) {
          recorded.put(record, outputLabels(PromQl.parse(expr), recorded));
          expressions.put("record " + record, expr);
        } else {
          expressions.put("alert " + rule.path("alert").asString(), expr);
        }
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);

    assertThat(problems(expressions, scrape, recorded)).isEmpty();
  }

  @Test
  void everyDashboardQuery_asksOnlyForWhatTheGatewayExports() throws IOException {
    PrometheusScrape scrape = scrapeAfterTraffic();
    JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
    Map<String, String> expressions = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.put(
            "panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
            target.path("expr").asString());
      }
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      if (annotation.has("expr")) {
        expressions.put(
            "annotation " + annotation.path("name").asString(), annotation.path("expr").asString());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asString().equals("query")) {
        expressions.put(
            "variable " + variable.path("name").asString(),
            variable.path("query").path("query").asString());
      }
    }
    assertThat(expressions).hasSizeGreaterThan(20);

    assertThat(problems(expressions, scrape, Map.of())).isEmpty();
    Set<String> used = new HashSet<>();
    expressions
        .values()
        .forEach(
            expr ->
                PromQl.parse(expr).selectors().forEach(selector -> used.add(selector.metric())));
    assertThat(used)
        .as("the documented metrics on the dashboard")
        .contains(
            "strangler_requests_total",
            "strangler_request_duration_seconds_bucket",
            "strangler_fallbacks_total",
            "resilience4j_circuitbreaker_state",
            "strangler_shadow_requests_total",
            "strangler_shadow_differences_total",
            "strangler_rollout_percent",
            "strangler_state_store_up",
            "strangler_targeted_requests_total",
            "strangler_plan_moves_total");
  }

  /** The labels a recording rule's series carry: those it groups by, and those of its inputs. */
  static Set<String> outputLabels(PromQl.Query query, Map<String, Set<String>> recorded) {
    Set<String> labels = new LinkedHashSet<>(query.groupingLabels());
    for (PromQl.Selector selector : query.selectors()) {
      labels.addAll(recorded.getOrDefault(selector.metric(), Set.of()));
    }
    return labels;
  }

  /** What each expression names that the scrape lacks, one sentence each. */
  static List<String> problems(
      Map<String, String> expressions, PrometheusScrape scrape, Map<String, Set<String>> recorded) {
    List<String> problems = new ArrayList<>();
    expressions.forEach(
        (where, expr) -> {
          PromQl.Query query = PromQl.parse(expr);
          assertThat(query.selectors()).as(where + " selects something").isNotEmpty();
          Set<String> available = new HashSet<>(TARGET_LABELS);
          for (PromQl.Selector selector : query.selectors()) {
            String metric = selector.metric();
            Map<String, Set<String>> labels;
            if (recorded.containsKey(metric)) {
              labels = new LinkedHashMap<>();
              for (String label : recorded.get(metric)) {
                labels.put(label, Set.of());
              }
            } else if (scrape.has(metric)) {
              labels = scrape.labels(metric);
            } else {
              problems.add(where + ": metric " + metric + " is not exported");
              continue;
            }
            available.addAll(labels.keySet());
            for (PromQl.Matcher matcher : selector.matchers()) {
              String label = matcher.label();
              if (TARGET_LABELS.contains(label)) {
                continue;
              }
              if (!labels.containsKey(label)) {
                problems.add(where + ": " + metric + " has no label " + label);
              } else if (!recorded.containsKey(metric)
                  && !matcher.value().contains("$")
                  && PLAIN_ALTERNATIVES.matcher(matcher.value()).matches()) {
                for (String value : matcher.value().split("\\|")) {
                  if (!labels.get(label).contains(value)) {
                    problems.add(
                        where + ": " + metric + "{" + label + "} never takes the value " + value);
                  }
                }
              }
            }
          }
          for (String label : query.groupingLabels()) {
            if (!available.contains(label)) {
              problems.add(where + ": groups by " + label + ", a label of none of its metrics");
            }
          }
          for (String label : query.labelValuesLabels()) {
            if (!available.contains(label)) {
              problems.add(where + ": asks for the values of " + label + ", which it lacks");
            }
          }
        });
    return problems;
  }
}
