package dev.strangler.rules;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Latency samples of one side of a route in one plan step, in milliseconds: what the latency gate
 * ranks. Usually a bounded random sample (a reservoir) of the step's requests after its warm-up,
 * with {@link #population()} the number of requests it was drawn from.
 *
 * <p>Immutable: the samples are copied in and out, and kept sorted.
 */
public final class LatencySamples {

  /** No sample. */
  public static final LatencySamples NONE = new LatencySamples(new double[0], 0);

  private final double[] sorted;

  private final long population;

  private LatencySamples(double[] sorted, long population) {
    this.sorted = sorted;
    this.population = population;
  }

  /**
   * Returns samples drawn from as many requests as there are samples.
   *
   * @param millis the latencies, each a finite number 0 or more
   * @return the samples
   * @throws IllegalArgumentException if a latency is negative or not finite
   */
  public static LatencySamples of(double... millis) {
    return of(millis, millis.length);
  }

  /**
   * Returns samples drawn from a larger number of requests.
   *
   * @param millis the latencies, each a finite number 0 or more
   * @param population the requests they were drawn from, at least {@code millis.length}
   * @return the samples
   * @throws IllegalArgumentException if a latency is negative or not finite, or the population is
   *     smaller than the samples
   */
  public static LatencySamples of(double[] millis, long population) {
    Objects.requireNonNull(millis, "millis");
    double[] copy = millis.clone();
    for (double value : copy) {
      Bounds.requireNonNegative("latency", value);
    }
    if (population < copy.length) {
      throw new IllegalArgumentException(
          "population: "
              + population
              + " (expected: at least the number of samples, "
              + copy.length
              + ")");
    }
    if (copy.length == 0 && population == 0) {
      return NONE;
    }
    Arrays.sort(copy);
    return new LatencySamples(copy, population);
  }

  /**
   * Returns the number of samples.
   *
   * @return 0 or more
   */
  public int size() {
    return sorted.length;
  }

  /**
   * Returns the number of requests the samples were drawn from.
   *
   * @return at least {@link #size()}
   */
  public long population() {
    return population;
  }

  /**
   * Whether there is no sample.
   *
   * @return {@code size() == 0}
   */
  public boolean isEmpty() {
    return sorted.length == 0;
  }

  /**
   * Returns the samples.
   *
   * @return a copy, in ascending order
   */
  public double[] millis() {
    return sorted.clone();
  }

  /**
   * Returns a percentile of the samples, the nearest-rank one.
   *
   * @param quantile 0 (exclusive) to 1 (inclusive), e.g. 0.99
   * @return the smallest sample with at least {@code quantile} of the samples at or below it; 0
   *     without samples
   * @throws IllegalArgumentException if {@code quantile} is outside (0, 1]
   */
  public double percentile(double quantile) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile: " + quantile + " (expected: (0, 1])");
    }
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof LatencySamples samples
        && population == samples.population
        && Arrays.equals(sorted, samples.sorted);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(sorted) + Long.hashCode(population);
  }

  @Override
  public String toString() {
    return sorted.length + " samples of " + population + " requests";
  }
}
