package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks behind every record's compact constructor: inclusive bounds, one message format. */
class BoundsTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 50, 100})
  void requireRange_int_withinOrAtTheBounds_passes(int value) {
    assertThatCode(() -> Bounds.requireRange("failure-rate", value, 1, 100))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void requireRange_int_pastTheBounds_namesValueAndRange(int value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requireRange("failure-rate", value, 1, 100))
        .withMessage("failure-rate: " + value + " (expected: 1..100)");
  }

  @Test
  void requireAtLeast_atTheBound_passes() {
    assertThatCode(() -> Bounds.requireAtLeast("step", 0, 0)).doesNotThrowAnyException();
  }

  @Test
  void requireAtLeast_belowTheBound_namesValueAndBound() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requireAtLeast("step", -1, 0))
        .withMessage("step: -1 (expected: >= 0)");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.5, 100})
  void requireRange_double_withinOrAtTheBounds_passes(double value) {
    assertThatCode(() -> Bounds.requireRange("max-error-rate", value, 0, 100))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.001, 100.001, Double.NaN, Double.POSITIVE_INFINITY})
  void requireRange_double_pastTheBoundsOrNotANumber_namesValueAndWholeBounds(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requireRange("max-error-rate", value, 0, 100))
        .withMessage("max-error-rate: " + value + " (expected: 0..100)");
  }

  @Test
  void requireRange_double_fractionalBounds_areShownAsWritten() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requireRange("share", 2, 0.5, 1.5))
        .withMessage("share: 2.0 (expected: 0.5..1.5)");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1e-300, 1e300})
  void requireNonNegative_zeroOrMore_passes(double value) {
    assertThatCode(() -> Bounds.requireNonNegative("tolerance", value)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1e-300, Double.NaN, Double.POSITIVE_INFINITY})
  void requireNonNegative_negativeOrNotFinite_isRefused(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requireNonNegative("tolerance", value))
        .withMessage("tolerance: " + value + " (expected: a number >= 0)");
  }

  @Test
  void requirePositive_double_smallestPositive_passes() {
    assertThatCode(() -> Bounds.requirePositive("ratio", Double.MIN_VALUE))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void requirePositive_double_zeroNegativeOrNotFinite_isRefused(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requirePositive("ratio", value))
        .withMessage("ratio: " + value + " (expected: a number > 0)");
  }

  @Test
  void requirePositive_duration_oneNanosecond_passes() {
    assertThatCode(() -> Bounds.requirePositive("timeout", Duration.ofNanos(1)))
        .doesNotThrowAnyException();
  }

  @Test
  void requirePositive_duration_zeroOrNegative_isRefusedInTheFileSyntax() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requirePositive("timeout", Duration.ZERO))
        .withMessage("timeout: 0s (expected: " + DurationText.EXPECTATION + ")");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Bounds.requirePositive("timeout", Duration.ofSeconds(-5)))
        .withMessage("timeout: PT-5S (expected: " + DurationText.EXPECTATION + ")");
  }
}
