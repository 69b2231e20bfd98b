package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompareOptionsTest {

  @Test
  void defaults_ignoreNothing() {
    CompareOptions defaults = CompareOptions.defaults();

    assertThat(defaults.ignoreHeaders()).isEmpty();
    assertThat(defaults.ignoreFields()).isEmpty();
    assertThat(defaults.ignoreArrayOrder()).isFalse();
    assertThat(defaults.numericTolerance()).isZero();
  }

  @Test
  void ignoreHeaders_storedLowerCase() {
    CompareOptions options = new CompareOptions(Set.of("Date", " ETag "), List.of(), false, 0);

    assertThat(options.ignoreHeaders()).containsExactlyInAnyOrder("date", "etag");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$",
        "$.a",
        "$.a.b",
        "$.a[*].b",
        "$.a[2]",
        "$..name",
        "$..*",
        "$.*",
        "$['a b']",
        "$[\"a b\"]",
        "$..['a b']",
        "$.x-request-id",
        "$.@type"
      })
  void ignoreFields_supportedForms_accepted(String expression) {
    assertThat(new CompareOptions(Set.of(), List.of(expression), false, 0).ignoreFields())
        .containsExactly(expression);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a.b",
        "$.",
        "$..",
        "$.a[",
        "$.a[x]",
        "$.a[-1]",
        "$['a",
        "$.a b",
        "$[?(@.x)]",
        "$..[1]"
      })
  void ignoreFields_invalid_rejectedNamingExpression(String expression) {
    assertThatThrownBy(() -> new CompareOptions(Set.of(), List.of("$.ok", expression), false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ignoreFields[1]: " + expression + " (expected: a JSONPath");
  }

  @Test
  void numericTolerance_negativeOrNotFinite_rejected() {
    assertThatThrownBy(() -> new CompareOptions(Set.of(), List.of(), false, -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numericTolerance: -0.1 (expected: a finite number >= 0)");
    assertThatThrownBy(() -> new CompareOptions(Set.of(), List.of(), false, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CompareOptions(Set.of(), List.of(), false, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ignoreHeaders_blank_rejected() {
    assertThatThrownBy(() -> new CompareOptions(Set.of(" "), List.of(), false, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
