package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.shadow.DiffKind;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.Difference;
import dev.strangler.shadow.SampleView;
import dev.strangler.shadow.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diff reports following the rules file: redaction reloaded, removed routes forgotten. */
class RouteDiffReportsTest {

  static final TestClock CLOCK = TestClock.at(Instant.parse("2026-01-02T03:04:05Z"));

  static final RulesParser PARSER = RulesParser.of(new SpringPathPatterns());

  static final Difference EMAIL =
      new Difference(
          "$.customer.email",
          DiffKind.VALUE,
          Severity.CHANGED,
          "\"a@x.example\"",
          "\"b@x.example\"");

  LiveRouter router;

  DiffReports reports;

  static RulesFile rules(String redactFields, String percent, boolean withUsers) {
    return PARSER.parse(
        """
        legacy: http://legacy:8080
        routes:
          - id: orders
            paths: [/orders/**]
            modern: http://modern:8080
            mode: canary
            percent: %s
            shadow: {percent: 100, redact-fields: [%s]}
        """
                .formatted(percent, redactFields)
            + (withUsers
                ? """
                  - id: users
                    paths: [/users/**]
                    modern: http://modern:8080
                    mode: shadow
                """
                : ""));
  }

  @BeforeEach
  void setUp(@TempDir Path dir) {
    router =
        new LiveRouter(
            rules("", "5", true),
            StateStore.file(dir.resolve("state.json"), 10),
            CLOCK,
            new SpringPathPatterns(),
            RandomGenerator.getDefault(),
            null);
    reports = RouteDiffReports.of(router, CLOCK);
  }

  SampleView lastSample(String routeId) {
    return reports.find(routeId).orElseThrow().view().fields().get(0).samples().get(0);
  }

  @Test
  void redactFieldsAddedByAReload_redactTheNextSamples_andNoOldSampleStays() {
    reports.forRoute("orders").record("r1", List.of(EMAIL), null);
    assertThat(lastSample("orders").legacy()).isEqualTo("\"a@x.example\"");

    router.applyRules(rules("\"$.customer.email\"", "5", true));

    assertThat(reports.find("orders")).isEmpty();
    reports.forRoute("orders").record("r2", List.of(EMAIL), null);
    assertThat(lastSample("orders").legacy()).isEqualTo("***redacted***");
    assertThat(lastSample("orders").modern()).isEqualTo("***redacted***");
    assertThat(reports.find("orders").orElseThrow().view().fields().get(0).samples()).hasSize(1);
  }

  @Test
  void routeRemovedByAReload_losesItsReport() {
    reports.forRoute("users").record("r1", List.of(EMAIL), null);

    router.applyRules(rules("", "5", false));

    assertThat(reports.routeIds()).doesNotContain("users");
  }

  @Test
  void otherChangesOfTheRoute_keepItsReport() {
    reports.forRoute("orders").record("r1", List.of(EMAIL), null);

    router.applyRules(rules("", "25", true));

    assertThat(reports.find("orders").orElseThrow().compared()).isEqualTo(1);
  }
}
