package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "5, 500",
    "12.5, 1250",
    "12.50, 1250",
    "0.01, 1",
    "99.99, 9999",
    "100, 10000",
    "' 7 ', 700",
    "1e1, 1000"
  })
  void of_text_givesBasisPoints(String text, int basisPoints) {
    assertThat(Percent.of(text).basisPoints()).isEqualTo(basisPoints);
  }

  @Test
  void of_threeDecimals_isRefusedNamingTheLimit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Percent.of("12.345"))
        .withMessage("percent: 12.345 (expected: at most 2 decimals)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-0.01", "100.01", "150"})
  void of_outOfRange_isRefused(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Percent.of(text))
        .withMessageEndingWith("(expected: 0..100)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "5%", "NaN"})
  void of_notANumber_isRefused(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Percent.of(text))
        .withMessageContaining("expected: a number 0..100");
  }

  @Test
  void of_bigDecimal_acceptsTrailingZerosBeyondTwoDecimals() {
    assertThat(Percent.of(new BigDecimal("12.5000"))).isEqualTo(Percent.ofBasisPoints(1250));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void ofBasisPoints_outOfRange_isRefused(int basisPoints) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Percent.ofBasisPoints(basisPoints))
        .withMessage("basis points: " + basisPoints + " (expected: 0..10000)");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "500, 5", "1250, 12.5", "1, 0.01", "1000, 10", "10000, 100"})
  void value_isStrippedPlainNumber(int basisPoints, String plain) {
    Percent percent = Percent.ofBasisPoints(basisPoints);

    assertThat(percent.value()).isEqualByComparingTo(plain);
    assertThat(percent.value().toString()).isEqualTo(plain);
    assertThat(percent).hasToString(plain);
  }

  @Test
  void constants_areTheBounds() {
    assertThat(Percent.ZERO.basisPoints()).isZero();
    assertThat(Percent.HUNDRED.basisPoints()).isEqualTo(10_000);
  }

  @Test
  void compareTo_ordersBySize() {
    assertThat(Percent.of("12.5")).isGreaterThan(Percent.of("12.49")).isLessThan(Percent.HUNDRED);
  }
}
