package dev.strangler.shadow;

import java.math.BigDecimal;

/**
 * When a field's differences count as real rather than noise, Diffy's method.
 *
 * <p>Over the pairs compared with a secondary legacy instance, a field's raw rate is the share of
 * pairs in which legacy and modern differ at that field and its noise rate the share in which
 * legacy and the secondary differ there. The field is <em>real</em> when both hold:
 *
 * <pre>{@code
 * raw > noise * (1 + relative)
 * raw - noise > absolute
 * }</pre>
 *
 * <p>and noise otherwise. Both thresholds are fractions, not percent: the defaults {@code relative
 * = 0.20} and {@code absolute = 0.0003} mean "at least 20% more often than legacy differs from
 * itself, and by more than 0.03 percentage points". The comparisons are exact (decimal arithmetic
 * on the counts), so an edge case lands where the formula says.
 *
 * @param relative the relative threshold, a fraction, {@code >= 0}; default {@code 0.20}
 * @param absolute the absolute threshold, a fraction, {@code 0..1}; default {@code 0.0003}
 */
public record NoiseThresholds(double relative, double absolute) {

  private static final NoiseThresholds DEFAULTS = new NoiseThresholds(0.20, 0.0003);

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException when relative is negative or not finite, or absolute is
   *     outside {@code 0..1}
   */
  public NoiseThresholds {
    if (!(relative >= 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException(
          "relative: " + relative + " (expected: a finite fraction >= 0, e.g. 0.2 for 20%)");
    }
    if (!(absolute >= 0 && absolute <= 1)) {
      throw new IllegalArgumentException(
          "absolute: " + absolute + " (expected: a fraction 0..1, e.g. 0.0003 for 0.03%)");
    }
  }

  /**
   * Diffy's defaults: relative 20%, absolute 0.03%.
   *
   * @return {@code new NoiseThresholds(0.20, 0.0003)}
   */
  public static NoiseThresholds defaults() {
    return DEFAULTS;
  }

  /**
   * Whether a field's differences are real, from counts over the same pairs.
   *
   * @param rawDifferences pairs in which legacy and modern differed at the field
   * @param noiseDifferences pairs in which legacy and the secondary differed at the field
   * @param pairs pairs compared with a secondary; when {@code 0} there is no evidence of noise and
   *     the answer is {@code true}
   * @return {@code true} when the field is real, {@code false} when it is noise
   * @throws IllegalArgumentException when a count is negative
   */
  public boolean isReal(long rawDifferences, long noiseDifferences, long pairs) {
    if (rawDifferences < 0 || noiseDifferences < 0 || pairs < 0) {
      throw new IllegalArgumentException(
          "counts: "
              + rawDifferences
              + ", "
              + noiseDifferences
              + ", "
              + pairs
              + " (expected: >= 0)");
    }
    if (pairs == 0) {
      return true;
    }
    BigDecimal raw = BigDecimal.valueOf(rawDifferences);
    BigDecimal noise = BigDecimal.valueOf(noiseDifferences);
    boolean relativelyAbove =
        raw.compareTo(noise.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(relative)))) > 0;
    boolean absolutelyAbove =
        raw.subtract(noise)
                .compareTo(BigDecimal.valueOf(absolute).multiply(BigDecimal.valueOf(pairs)))
            > 0;
    return relativelyAbove && absolutelyAbove;
  }
}
