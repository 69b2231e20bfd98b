package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Values of the rules file at the ends of their ranges, and how refused values are shown. */
class RulesValuesAtTheirBoundsTest {

  private static String route(String lines) {
    return """
    legacy: http://legacy:8080
    routes:
      - id: orders
        paths: [/api/orders/**]
        modern: http://orders-v2:8080
        mode: canary
    """
        + "    "
        + lines.replace("\n", "\n    ")
        + "\n";
  }

  private static RouteRule parsed(String lines) {
    return Fixtures.rules(route(lines)).routes().get(0);
  }

  private static List<String> violations(String yaml) {
    return assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.rules(yaml))
        .actual()
        .violations()
        .stream()
        .map(RuleViolation::toString)
        .toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "percent: 0",
        "percent: 100",
        "percent: 99.99",
        "fallback: {statuses: [100, 599]}",
        "fallback: {circuit-breaker: {failure-rate: 1, slow-call-rate: 1, window: 1, minimum-calls:"
            + " 1}}",
        "fallback: {circuit-breaker: {failure-rate: 100, slow-call-rate: 100, window: 100000}}",
        "fallback: {circuit-breaker: {window: 10, minimum-calls: 10}}",
        "shadow: {percent: 0, compare: {numeric-tolerance: 0}}",
        "plan: {steps: [0, 100], min-requests: 0, max-error-rate: 0, max-diff-rate: 0}",
        "plan: {steps: [0.01], max-error-rate: 100, max-diff-rate: 100, max-latency-ratio: 0.01}"
      })
  void value_atTheEndOfItsRange_isAccepted(String lines) {
    assertThat(Fixtures.rules(route(lines)).routes()).hasSize(1);
  }

  @Test
  void booleans_falseAndTrue_areReadAsWritten() {
    RouteRule off =
        parsed("fallback: {enabled: false}\nshadow: {compare: {ignore-array-order: false}}");
    RouteRule on =
        parsed("fallback: {enabled: true}\nshadow: {compare: {ignore-array-order: true}}");

    assertThat(off.fallback().enabled()).isFalse();
    assertThat(off.shadow().compare().ignoreArrayOrder()).isFalse();
    assertThat(on.fallback().enabled()).isTrue();
    assertThat(on.shadow().compare().ignoreArrayOrder()).isTrue();
  }

  @Test
  void minimumCalls_defaultAboveASmallWindow_isShownWithItsDefault() {
    assertThat(violations(route("fallback: {circuit-breaker: {window: 10}}")))
        .containsExactly(
            "routes[0].fallback.circuit-breaker.minimum-calls: 20 (expected: 1..window (10))");
  }

  @Test
  void planSteps_equal_areRefused() {
    assertThat(violations(route("plan: {steps: [5, 5, 10]}")))
        .containsExactly("routes[0].plan.steps[1]: 5 (expected: more than the previous step, 5)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "salt: true | routes[0].salt: true (expected: a non-empty string, quoted as a string)",
        "salt: 2024 | routes[0].salt: 2024 (expected: a non-empty string, quoted as a string)",
        "salt: [a] | routes[0].salt: [\"a\"] (expected: a non-empty string)"
      })
  void stringThatYamlReadsAsAnotherType_isAskedToBeQuoted(String lines, String expected) {
    assertThat(violations(route(lines))).containsExactly(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1e120 | 1"
            + "000000000000000000000000000000000000000000000000000000000000"
            + "00000000000000000000000000000000000000000000000000000000000…",
        "1e121 | 1E+121",
        "1e-118 | 0."
            + "000000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000001",
        "1e-120 | 0."
            + "000000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000…",
        "1e-121 | 1E-121"
      })
  void number_isWrittenOutUpTo120Places(String number, String shown) {
    assertThat(violations(route("salt: x\npercent: " + number)))
        .singleElement()
        .asString()
        .startsWith("routes[0].percent: " + shown + " (expected: ");
  }

  /** A value cut exactly at the end of an element still says that it was cut. */
  @Test
  void value_cutAtAnElementBoundary_endsWithTheEllipsis() {
    String list = "[" + String.join(", ", java.util.Collections.nCopies(40, "a")) + "]";
    StringBuilder object = new StringBuilder("{");
    for (int i = 10; i < 40; i++) {
      object.append(i == 10 ? "" : ", ").append('k').append(i).append(": 0");
    }
    object.append('}');

    assertThat(violations(route("salt: " + list)))
        .containsExactly(
            "routes[0].salt: "
                + ("[" + "\"a\",".repeat(30)).substring(0, 120)
                + "… (expected: a non-empty string)");
    assertThat(violations(route("salt: " + object)))
        .singleElement()
        .asString()
        .startsWith("routes[0].salt: {\"k10\":0,\"k11\":0")
        .contains("\"k24\":0…");
  }
}
