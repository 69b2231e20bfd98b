package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The rules file's statistical plan settings, windows, targets and {@code assign-cookie}: parsed
 * with their defaults, refused with their paths, and described alike by the JSON Schema.
 */
class PlanRulesParsingTest {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(Fixtures.resource("/strangler-rules.schema.json"), InputFormat.JSON);

  private static String route(String lines) {
    return "legacy: http://legacy:8080\nroutes:\n  - id: orders\n    paths: [/a]\n"
        + "    modern: http://m:8080\n    mode: canary\n    sticky-by: [header:X-User-Id]\n    "
        + lines.replace("\n", "\n    ")
        + "\n";
  }

  private static List<String> violations(String yaml) {
    Throwable thrown = catchThrowable(() -> Fixtures.rules(yaml));
    assertThat(thrown).isInstanceOf(RulesValidationException.class);
    return ((RulesValidationException) thrown)
        .violations().stream().map(RuleViolation::toString).toList();
  }

  @Test
  void plan_statisticalSettings_defaults() {
    PlanSettings plan = Fixtures.rules(route("plan: {steps: [5, 100]}")).routes().get(0).plan();

    assertThat(plan.confidence()).isEqualTo(95);
    assertThat(plan.alpha()).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(plan.warmUp()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.maxStepDuration()).isEqualTo(Duration.ofHours(1));
    assertThat(plan.onInconclusive()).isEqualTo(OnInconclusive.PAUSE);
    assertThat(plan.windows()).isEmpty();
  }

  @Test
  void plan_statisticalSettings_asWritten() {
    PlanSettings plan =
        Fixtures.rules(
                route(
                    """
                    plan:
                      steps: [5, 100]
                      step-duration: 2h
                      confidence: 99.5
                      warm-up: 0s
                      on-inconclusive: advance
                      windows: ["Mon-Fri 09:00-16:00 Europe/Berlin", "Sat 10:00-12:00 UTC"]\
                    """))
            .routes()
            .get(0)
            .plan();

    assertThat(plan.confidence()).isEqualTo(99.5);
    assertThat(plan.warmUp()).isZero();
    assertThat(plan.maxStepDuration())
        .as("the default follows a step duration longer than an hour")
        .isEqualTo(Duration.ofHours(2));
    assertThat(plan.onInconclusive()).isEqualTo(OnInconclusive.ADVANCE);
    assertThat(plan.windows())
        .extracting(PlanWindow::text)
        .containsExactly("Mon-Fri 09:00-16:00 Europe/Berlin", "Sat 10:00-12:00 UTC");
  }

  @Test
  void plan_badStatisticalSettings_areListedWithPaths() {
    assertThat(
            violations(
                route(
                    """
                    plan:
                      steps: [5, 100]
                      step-duration: 20m
                      confidence: 100
                      warm-up: -1s
                      max-step-duration: 10m
                      on-inconclusive: retry
                      windows: [Mon-Fri 9-16, "Mon 09:00-10:00 Nowhere/Land"]\
                    """)))
        .containsExactly(
            "routes[0].plan.confidence: 100 (expected: a percent, 50 or more and below 100)",
            "routes[0].plan.warm-up: -1s (expected: 0s or a positive duration such as 500ms, 5s,"
                + " 10m or 1h)",
            "routes[0].plan.on-inconclusive: retry (expected: one of pause, advance, rollback)",
            "routes[0].plan.windows[0]: Mon-Fri 9-16 (expected: days, HH:MM-HH:MM and a time zone,"
                + " e.g. Mon-Fri 09:00-16:00 Europe/Berlin)",
            "routes[0].plan.windows[1]: Mon 09:00-10:00 Nowhere/Land (expected: a time zone such"
                + " as Europe/Berlin or UTC, in days, HH:MM-HH:MM and a time zone, e.g. Mon-Fri"
                + " 09:00-16:00 Europe/Berlin)");
    assertThat(
            violations(
                route("plan: {steps: [5, 100], step-duration: 20m, max-step-duration: 10m}")))
        .containsExactly(
            "routes[0].plan.max-step-duration: 10m (expected: at least step-duration, 20m)");
  }

  @Test
  void planSettings_maxStepDurationShorterThanTheStep_isRefused() {
    assertThat(
            catchThrowable(
                () ->
                    new PlanSettings(
                        List.of(Percent.of("5")),
                        Duration.ofMinutes(20),
                        1,
                        1,
                        1.5,
                        1,
                        OnFailure.ROLLBACK,
                        95,
                        Duration.ZERO,
                        Duration.ofMinutes(10),
                        OnInconclusive.PAUSE,
                        List.of())))
        .hasMessage("max-step-duration: 10m (expected: at least step-duration, 20m)");
  }

  // the JSON Schema

  @Test
  void schema_describesTheNewKeys() {
    JsonNode defs =
        JsonMapper.shared()
            .readTree(Fixtures.resource("/strangler-rules.schema.json"))
            .get("$defs");

    assertThat(defs.get("plan").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.PLAN_KEYS);
    assertThat(defs.get("targets").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.TARGETS_KEYS);
    assertThat(defs.get("route").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.ROUTE_KEYS);
  }

  @Test
  void schema_acceptsAFullAnalystRoute() {
    String yaml =
        route(
                """
                targets: {modern: [staff-1, "header:X-Tenant=beta"], legacy: [frozen-customer]}
                plan:
                  steps: [1, 5, 25, 50, 100]
                  confidence: 95
                  warm-up: 30s
                  max-step-duration: 1h
                  on-inconclusive: pause
                  windows: ["Mon-Fri 09:00-16:00 Europe/Berlin"]\
                """)
            .replace("[header:X-User-Id]", "[header:X-User-Id, cookie:session, assign-cookie:sid]");

    assertThat(Fixtures.rules(yaml).routes()).hasSize(1);
    assertThat(SCHEMA.validate(YAML.readTree(yaml))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "targets: {modern: [\" alice\"]}",
        "targets: {others: [alice]}",
        "targets: {modern: [alice, alice]}",
        "targets: {modern: [\"header:X Tenant=beta\"]}",
        "plan: {steps: [5], confidence: 100}",
        "plan: {steps: [5], confidence: 40}",
        "plan: {steps: [5], on-inconclusive: retry}",
        "plan: {steps: [5], warm-up: soon}",
        "plan: {steps: [5], windows: [weekdays]}"
      })
  void schema_refusesWhatTheParserRefuses(String line) {
    String yaml = route(line);

    assertThat(SCHEMA.validate(YAML.readTree(yaml))).isNotEmpty();
    assertThat(catchThrowable(() -> Fixtures.rules(yaml)))
        .isInstanceOf(RulesValidationException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"[assign-cookie]", "[header:X-User-Id, assign-cookie:sid]"})
  void schema_acceptsAssignCookieLast(String stickyBy) {
    String yaml = route("salt: s").replace("[header:X-User-Id]", stickyBy);

    assertThat(SCHEMA.validate(YAML.readTree(yaml))).isEmpty();
    assertThat(Fixtures.rules(yaml).routes().get(0).stickyBy().get(0).kind()).isNotNull();
  }
}
