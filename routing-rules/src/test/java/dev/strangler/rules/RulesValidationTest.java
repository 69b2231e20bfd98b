package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulesValidationTest {

  private static final String URI_EXPECTED =
      "an absolute http or https URI with a host and no path, query or fragment,"
          + " e.g. http://legacy:8080";

  @Test
  void rulesFile_manyErrors_listsEveryOneWithPathAndValue() {
    List<String> violations = violations(Fixtures.resource("/rules/many-errors.yaml"));

    assertThat(violations)
        .containsExactly(
            "legacy: legacy:8080 (expected: " + URI_EXPECTED + ")",
            "routes[0].pecent: 5 (expected: one of id, paths, methods, legacy, modern, mode,"
                + " percent, sticky-by, salt, modern-filters, legacy-filters, preserve-host,"
                + " fallback, shadow, plan, targets)",
            "routes[0].percent: 150 (expected: 0..100)",
            "routes[1].id: Orders (expected: [a-z0-9][a-z0-9-]{0,62})",
            "routes[1].paths[0]: api/orders (expected: a pattern starting with /)",
            "routes[1].methods[1]: FETCH (expected: one of GET, HEAD, POST, PUT, PATCH, DELETE,"
                + " OPTIONS, TRACE)",
            "routes[1].modern: ftp://orders-v2 (expected: " + URI_EXPECTED + ")",
            "routes[1].mode: blue (expected: one of legacy, shadow, canary, modern)",
            "routes[1].sticky-by[0]: header: (expected: header:<name>, cookie:<name>,"
                + " query:<name>, ip or assign-cookie[:<name>])",
            "routes[1].sticky-by[1]: ip:1.2.3.4 (expected: header:<name>, cookie:<name>,"
                + " query:<name>, ip or assign-cookie[:<name>])",
            "routes[1].fallback.statuses[0]: 99 (expected: 100..599)",
            "routes[1].fallback.statuses[1]: 600 (expected: 100..599)",
            "routes[1].fallback.timeout: 5 (expected: a positive duration such as 500ms, 5s,"
                + " 10m or 1h)",
            "routes[1].fallback.replay-unsafe: sometimes (expected: one of never,"
                + " connect-failure, always)",
            "routes[1].fallback.circuit-breaker.failure-rate: 0 (expected: 1..100)",
            "routes[1].fallback.circuit-breaker.window: 0 (expected: 1..100000)",
            "routes[1].fallback.circuit-breaker.open-for: 30 seconds (expected: a positive"
                + " duration such as 500ms, 5s, 10m or 1h)",
            "routes[2].id: orders (expected: a unique id; routes[0].id has it already)",
            "routes[2].paths: [] (expected: at least one path)",
            "routes[2].modern: <missing> (expected: " + URI_EXPECTED + ")",
            "routes[2].shadow.percent: 12.345 (expected: at most 2 decimals)",
            "routes[2].shadow.secondary: http://legacy-b:8080/path (expected: "
                + URI_EXPECTED
                + ")",
            "routes[2].shadow.compare.ignore-fields[0]: meta.generatedAt (expected: a JSON path"
                + " starting with $)",
            "routes[2].shadow.compare.numeric-tolerance: -1 (expected: >= 0)",
            "routes[2].plan.steps[1]: 1 (expected: more than the previous step, 5)",
            "routes[2].plan.max-error-rate: 101 (expected: 0..100)",
            "routes[2].plan.on-failure: retry (expected: one of rollback, pause)");
  }

  @Test
  void rulesFile_invalidPercent_namesPathAndValue() {
    RulesValidationException e = refused(route("mode: canary\n    percent: 150"));

    assertThat(e.violations())
        .containsExactly(new RuleViolation("routes[0].percent", "150", "0..100"));
    assertThat(e).hasMessage("invalid rules: routes[0].percent: 150 (expected: 0..100)");
  }

  @Test
  void message_listsOneViolationPerLine() {
    RulesValidationException e =
        refused("legacy: http://legacy:8080\nroutes:\n  - {id: A, paths: [/a], mode: canary}\n");

    assertThat(e.getMessage())
        .isEqualTo(
            "invalid rules: routes[0].id: A (expected: [a-z0-9][a-z0-9-]{0,62})\n"
                + "routes[0].modern: <missing> (expected: "
                + URI_EXPECTED
                + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n", "# nothing but a comment\n"})
  void emptyFile_isRefused(String text) {
    assertThat(violations(text))
        .containsExactly("<root>: <empty> (expected: a mapping with legacy and routes)");
  }

  @Test
  void rootNotAMapping_isRefused() {
    assertThat(violations("- legacy\n"))
        .containsExactly("<root>: [\"legacy\"] (expected: a mapping with legacy and routes)");
  }

  @Test
  void legacy_missing_isRefused() {
    assertThat(violations("routes: []\n"))
        .containsExactly("legacy: <missing> (expected: " + URI_EXPECTED + ")");
  }

  @Test
  void unknownTopLevelKey_isRefused() {
    assertThat(violations("legacy: http://legacy:8080\nroute: []\n"))
        .containsExactly("route: [] (expected: one of legacy, routes)");
  }

  @Test
  void yamlSyntaxError_isOneViolationWithItsLocation() {
    assertThat(violations("legacy: http://legacy:8080\n  bad: indent\n"))
        .containsExactly(
            "<root>: mapping values are not allowed here at line 2, column 6 (expected: valid"
                + " YAML)");
  }

  @Test
  void duplicateKey_isRefused() {
    assertThat(violations("legacy: http://a:1\nlegacy: http://b:1\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("<root>: Duplicate Object property \"legacy\"");
  }

  @Test
  void secondDocument_isRefused() {
    assertThat(violations("legacy: http://a:1\n---\nlegacy: http://b:1\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("<root>: a second YAML document");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "id: -orders | routes[0].id: -orders (expected: [a-z0-9][a-z0-9-]{0,62})",
        "id: 2024 | routes[0].id: 2024 (expected: [a-z0-9][a-z0-9-]{0,62}, quoted as a string)",
        "id: catch-all | routes[0].id: catch-all (expected: an id other than catch-all, which"
            + " names the requests no route matches)",
        "percent: 12.345 | routes[0].percent: 12.345 (expected: at most 2 decimals)",
        "percent: -1 | routes[0].percent: -1 (expected: 0..100)",
        "percent: '5' | routes[0].percent: 5 (expected: a number 0..100)",
        "methods: [] | routes[0].methods: [] (expected: at least one method; leave methods out"
            + " for every method)",
        "methods: GET | routes[0].methods: GET (expected: a list of HTTP methods)",
        "legacy: http://legacy:8080/app | routes[0].legacy: http://legacy:8080/app (expected: "
            + URI_EXPECTED
            + ")",
        "legacy: http:///nohost | routes[0].legacy: http:///nohost (expected: "
            + URI_EXPECTED
            + ")",
        "salt: '' | routes[0].salt: '' (expected: a non-empty string)",
        "sticky-by: header:X-User-Id | routes[0].sticky-by: header:X-User-Id (expected: a list"
            + " of sticky sources)",
        "fallback: true | routes[0].fallback: true (expected: a mapping of enabled, statuses,"
            + " timeout, replay-unsafe, circuit-breaker)",
        "fallback: {enabled: yes} | routes[0].fallback.enabled: yes (expected: true or false)",
        "fallback: {timeout: 0s} | routes[0].fallback.timeout: 0s (expected: a positive"
            + " duration such as 500ms, 5s, 10m or 1h)",
        "fallback: {timeout: 1d} | routes[0].fallback.timeout: 1d (expected: a positive"
            + " duration such as 500ms, 5s, 10m or 1h)",
        "fallback: {circuit-breaker: {slow-call-rate: 101}} |"
            + " routes[0].fallback.circuit-breaker.slow-call-rate: 101 (expected: 1..100)",
        "fallback: {circuit-breaker: {minimum-calls: 0}} |"
            + " routes[0].fallback.circuit-breaker.minimum-calls: 0 (expected: 1..100000)",
        "fallback: {circuit-breaker: {window: 10, minimum-calls: 20}} |"
            + " routes[0].fallback.circuit-breaker.minimum-calls: 20 (expected: 1..window (10))",
        "fallback: {circuit-breaker: {minimum-calls: 200}} |"
            + " routes[0].fallback.circuit-breaker.minimum-calls: 200 (expected: 1..window (100))",
        "fallback: {circuit-breaker: {window: 99999999999999999999}} |"
            + " routes[0].fallback.circuit-breaker.window: 99999999999999999999 (expected:"
            + " 1..100000)",
        "fallback: {circuit-breaker: {tries: 3}} | routes[0].fallback.circuit-breaker.tries: 3"
            + " (expected: one of failure-rate, slow-call-duration, slow-call-rate, window,"
            + " minimum-calls, open-for)",
        "shadow: {methods: [FETCH]} | routes[0].shadow.methods[0]: FETCH (expected: one of GET,"
            + " HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE)",
        "shadow: {percent: 101} | routes[0].shadow.percent: 101 (expected: 0..100)",
        "shadow: {compare: {ignore-headers: ['Bad Header']}} |"
            + " routes[0].shadow.compare.ignore-headers[0]: Bad Header (expected: a header name)",
        "shadow: {compare: {ignore-array-order: 1}} |"
            + " routes[0].shadow.compare.ignore-array-order: 1 (expected: true or false)",
        "shadow: {redact-fields: [email]} | routes[0].shadow.redact-fields[0]: email (expected:"
            + " a JSON path starting with $)",
        "plan: {step-duration: 10m} | routes[0].plan.steps: <missing> (expected: a list of"
            + " percents, strictly increasing)",
        "plan: {steps: []} | routes[0].plan.steps: [] (expected: at least one step)",
        "plan: {steps: [5, 101]} | routes[0].plan.steps[1]: 101 (expected: 0..100)",
        "plan: {steps: [5], min-requests: -1} | routes[0].plan.min-requests: -1 (expected: >= 0)",
        "plan: {steps: [5], min-requests: 1.5} | routes[0].plan.min-requests: 1.5 (expected: a"
            + " whole number >= 0)",
        "plan: {steps: [5], max-latency-ratio: 0} | routes[0].plan.max-latency-ratio: 0"
            + " (expected: > 0)",
        "plan: {steps: [5], max-diff-rate: -0.5} | routes[0].plan.max-diff-rate: -0.5 (expected:"
            + " 0..100)",
        "plan: {steps: [5], max-error-rate: high} | routes[0].plan.max-error-rate: high"
            + " (expected: a number 0..100)"
      })
  void rule_violated_isReportedWithPathValueAndExpectation(String line, String expected) {
    String extra = line.strip();
    String yaml =
        extra.startsWith("id:")
            ? route(extra + "\n    mode: canary")
            : route("mode: canary\n    " + extra);

    assertThat(violations(yaml)).containsExactly(expected);
  }

  @Test
  void mode_missing_isRefused() {
    assertThat(violations(route("percent: 5")))
        .containsExactly(
            "routes[0].mode: <missing> (expected: one of legacy, shadow, canary, modern)");
  }

  @Test
  void requiredKey_null_isRefusedWithValueNull() {
    assertThat(violations(route("mode:")))
        .containsExactly("routes[0].mode: null (expected: one of legacy, shadow, canary, modern)");
  }

  @Test
  void optionalKey_null_takesTheDefault() {
    RulesFile rules = Fixtures.rules(route("mode: canary\n    percent:\n    shadow:"));

    assertThat(rules.routes().get(0).rollout().percent()).isEqualTo(Percent.ZERO);
    assertThat(rules.routes().get(0).shadow()).isEqualTo(ShadowPolicy.defaults(Mode.CANARY));
  }

  @Test
  void route_notAMapping_isRefused() {
    assertThat(violations("legacy: http://legacy:8080\nroutes: [orders]\n"))
        .containsExactly("routes[0]: orders (expected: a mapping with id, paths, modern and mode)");
  }

  @Test
  void routes_notAList_isRefused() {
    assertThat(violations("legacy: http://legacy:8080\nroutes: {id: orders}\n"))
        .containsExactly("routes: {\"id\":\"orders\"} (expected: a list of routes)");
  }

  @Test
  void pathPattern_refusedByTheFactory_usesItsReason() {
    assertThat(violations(route("mode: canary\n    paths: [/a/**/b]")))
        .containsExactly("routes[0].paths[0]: /a/**/b (expected: ** only as the last segment)");
  }

  @Test
  void longValue_isShortened() {
    String longId = "x".repeat(300);

    assertThat(violations(route("mode: canary\n    salt: [" + longId + "]")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("routes[0].salt: [\"xxx")
        .contains("…")
        .hasSizeLessThan(200);
  }

  @Test
  void unknownKeys_inEverySection_areRefused() {
    String yaml =
        """
        legacy: http://legacy:8080
        routes:
          - id: a
            paths: [/a]
            modern: http://m:1
            mode: canary
            fallback: {retries: 1}
            shadow: {sample: 1, compare: {strict: true}}
            plan: {steps: [1], gates: []}
        """;

    assertThat(violations(yaml))
        .extracting(v -> v.substring(0, v.indexOf(':')))
        .containsExactly(
            "routes[0].fallback.retries",
            "routes[0].shadow.sample",
            "routes[0].shadow.compare.strict",
            "routes[0].plan.gates");
  }

  /**
   * One route with id, paths and modern set, unless {@code extra} sets them, plus {@code extra}
   * indented as route keys.
   */
  private static String route(String extra) {
    StringBuilder yaml =
        new StringBuilder("legacy: http://legacy:8080\nroutes:\n  - modern: http://m:8080\n");
    if (!extra.contains("\n    id:") && !extra.startsWith("id:")) {
      yaml.append("    id: orders\n");
    }
    if (!extra.contains("paths:")) {
      yaml.append("    paths: [/api/orders/**]\n");
    }
    return yaml.append("    ").append(extra).append('\n').toString();
  }

  private static RulesValidationException refused(String yaml) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(
        RulesValidationException.class, () -> Fixtures.rules(yaml));
  }

  private static List<String> violations(String yaml) {
    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.rules(yaml));
    return refused(yaml).violations().stream().map(RuleViolation::toString).toList();
  }
}
