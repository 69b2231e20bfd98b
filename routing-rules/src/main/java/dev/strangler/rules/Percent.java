package dev.strangler.rules;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A share from 0 to 100 percent with at most two decimals, held exactly as basis points.
 *
 * <p>{@code 12.5} percent is {@code 1250} basis points. Basis points line up with the {@link
 * StickyBucket#BUCKETS 10,000 buckets}: a key goes to modern when its bucket is below {@link
 * #basisPoints()}.
 *
 * @param basisPoints percent × 100, from 0 to 10000
 */
public record Percent(int basisPoints) implements Comparable<Percent> {

  /** 0 percent. */
  public static final Percent ZERO = new Percent(0);

  /** 100 percent. */
  public static final Percent HUNDRED = new Percent(10_000);

  private static final BigDecimal MAX = BigDecimal.valueOf(100);

  /**
   * Checks the bounds.
   *
   * @param basisPoints percent × 100, from 0 to 10000
   * @throws IllegalArgumentException if {@code basisPoints} is outside 0..10000
   */
  public Percent {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("basis points: " + basisPoints + " (expected: 0..10000)");
    }
  }

  /**
   * Returns the percent for a number of basis points.
   *
   * @param basisPoints percent × 100, from 0 to 10000
   * @return the percent
   * @throws IllegalArgumentException if {@code basisPoints} is outside 0..10000
   */
  public static Percent ofBasisPoints(int basisPoints) {
    return new Percent(basisPoints);
  }

  /**
   * Parses a percent written as a decimal number, such as {@code 5}, {@code 12.5} or {@code 0.01}.
   *
   * @param value a number from 0 to 100 with at most two decimals; surrounding blanks are ignored
   * @return the percent
   * @throws IllegalArgumentException if {@code value} is not a number, is outside 0..100 or has
   *     more than two decimals
   */
  public static Percent of(String value) {
    Objects.requireNonNull(value, "value");
    BigDecimal number;
    try {
      number = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("percent: " + value + " (expected: a number 0..100)", e);
    }
    return of(number);
  }

  /**
   * Returns the percent for a decimal number.
   *
   * @param value a number from 0 to 100 with at most two decimals ({@code 12.50} is fine)
   * @return the percent
   * @throws IllegalArgumentException if {@code value} is outside 0..100 or has more than two
   *     decimals
   */
  public static Percent of(BigDecimal value) {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "percent: " + value.toPlainString() + " (expected: 0..100)");
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw new IllegalArgumentException(
          "percent: " + value.toPlainString() + " (expected: at most 2 decimals)");
    }
    return new Percent(value.movePointRight(2).intValueExact());
  }

  /**
   * Returns this percent as a number without trailing zeros.
   *
   * @return for example {@code 5}, {@code 12.5} or {@code 100}
   */
  public BigDecimal value() {
    BigDecimal stripped = BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * Orders percents by size.
   *
   * @param other the percent to compare with
   * @return negative, zero or positive as this percent is smaller, equal or larger
   */
  @Override
  public int compareTo(Percent other) {
    return Integer.compare(basisPoints, other.basisPoints);
  }

  /**
   * Returns the plain number, as written in the rules file.
   *
   * @return for example {@code "12.5"}
   */
  @Override
  public String toString() {
    return value().toPlainString();
  }
}
