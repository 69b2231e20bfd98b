package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoiseThresholdsTest {

  private static final NoiseThresholds DEFAULTS = NoiseThresholds.defaults();

  @Test
  void defaults_areDiffysTwentyPercentAndThreeHundredthsOfAPercent() {
    assertThat(DEFAULTS).isEqualTo(new NoiseThresholds(0.20, 0.0003));
  }

  @Test
  void isReal_rawExactlyRelativeThresholdAboveNoise_isNoise() {
    assertThat(DEFAULTS.isReal(12, 10, 100)).isFalse();
    assertThat(DEFAULTS.isReal(13, 10, 100)).isTrue();
  }

  @Test
  void isReal_rawExactlyAbsoluteThresholdAboveNoise_isNoise() {
    assertThat(DEFAULTS.isReal(3, 0, 10_000)).isFalse();
    assertThat(DEFAULTS.isReal(4, 0, 10_000)).isTrue();
  }

  @Test
  void isReal_relativeHoldsButAbsoluteDoesNot_isNoise() {
    assertThat(DEFAULTS.isReal(200, 100, 1_000_000)).isFalse();
  }

  @Test
  void isReal_absoluteHoldsButRelativeDoesNot_isNoise() {
    assertThat(DEFAULTS.isReal(550, 500, 1000)).isFalse();
  }

  @Test
  void isReal_equalRates_isNoise() {
    assertThat(DEFAULTS.isReal(50, 50, 100)).isFalse();
  }

  @Test
  void isReal_noNoiseAtAll_isReal() {
    assertThat(DEFAULTS.isReal(1, 0, 1)).isTrue();
  }

  @Test
  void isReal_noPairsWithSecondary_isReal() {
    assertThat(DEFAULTS.isReal(5, 0, 0)).isTrue();
  }

  @Test
  void isReal_zeroThresholds_anyExcessIsReal() {
    NoiseThresholds zero = new NoiseThresholds(0, 0);

    assertThat(zero.isReal(11, 10, 100)).isTrue();
    assertThat(zero.isReal(10, 10, 100)).isFalse();
  }

  @Test
  void thresholds_outOfBounds_rejected() {
    assertThatThrownBy(() -> new NoiseThresholds(-0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("relative: -0.1 (expected:");
    assertThatThrownBy(() -> new NoiseThresholds(0.2, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("absolute: 1.5 (expected:");
    assertThatThrownBy(() -> new NoiseThresholds(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.isReal(-1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thresholds_atTheirLimits_accepted() {
    assertThat(new NoiseThresholds(0, 0).isReal(1, 0, 100)).isTrue();
    assertThat(new NoiseThresholds(0, 1).isReal(100, 0, 100)).isFalse();
  }

  @Test
  void isReal_zeroCounts_areAccepted() {
    assertThat(DEFAULTS.isReal(0, 0, 0)).isTrue();
    assertThat(DEFAULTS.isReal(0, 0, 10)).isFalse();
  }
}
