package dev.strangler.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An automated rollout: the percents a route walks through, and the gates each step must pass.
 *
 * <p>A step is judged once it has lasted {@code stepDuration} and seen {@code minRequests} modern
 * calls. Each gate compares modern with legacy in the same step by a statistical test at {@code
 * confidence} (see {@link GateResult}): if every gate holds the plan moves to the next step; if one
 * fails, {@code onFailure} applies; while a gate has not enough evidence either way the step goes
 * on, up to {@code maxStepDuration}, and then {@code onInconclusive} applies. The first {@code
 * warmUp} of each step is left out of the latency gate. With {@code windows}, a plan moves forward
 * only while one of them is open.
 *
 * @param steps the percent of each step, at least one, strictly increasing, each 0..100
 * @param stepDuration how long a step lasts at least; positive, default 10m
 * @param minRequests modern calls a step needs before it is judged; 0 or more, default 100
 * @param maxErrorRate largest percent of failing modern calls (statuses in {@code
 *     fallback.statuses}, timeouts, connect errors), 0..100; default 1
 * @param maxLatencyRatio how much slower than legacy modern may be: modern's latencies against
 *     legacy's scaled by this ratio; greater than 0, default 1.5
 * @param maxDiffRate largest percent of compared pairs with a breaking difference, 0..100; default
 *     1
 * @param onFailure what a failed gate does; default {@link OnFailure#ROLLBACK}
 * @param confidence the confidence of the gates' tests in percent, 50 or more and below 100;
 *     default 95 (a gate fails or holds only on a p-value below 5 %)
 * @param warmUp the start of each step left out of the latency gate; 0 or more, default 30s
 * @param maxStepDuration how long a step without enough evidence goes on before {@code
 *     onInconclusive} decides; at least {@code stepDuration}, default 1h (or {@code stepDuration}
 *     when that is longer)
 * @param onInconclusive what a step without enough evidence at {@code maxStepDuration} does;
 *     default {@link OnInconclusive#PAUSE}
 * @param windows when the plan may move forward; empty (the default) for any time, at most {@value
 *     #MAX_WINDOWS}
 */
public record PlanSettings(
    List<Percent> steps,
    Duration stepDuration,
    long minRequests,
    double maxErrorRate,
    double maxLatencyRatio,
    double maxDiffRate,
    OnFailure onFailure,
    double confidence,
    Duration warmUp,
    Duration maxStepDuration,
    OnInconclusive onInconclusive,
    List<PlanWindow> windows) {

  /** Step duration unless the file says otherwise: 10 minutes. */
  public static final Duration DEFAULT_STEP_DURATION = Duration.ofMinutes(10);

  /** Modern calls a step needs unless the file says otherwise: 100. */
  public static final long DEFAULT_MIN_REQUESTS = 100;

  /** Largest error rate, in percent, unless the file says otherwise: 1. */
  public static final double DEFAULT_MAX_ERROR_RATE = 1;

  /** Largest latency ratio unless the file says otherwise: 1.5. */
  public static final double DEFAULT_MAX_LATENCY_RATIO = 1.5;

  /** Largest breaking-diff rate, in percent, unless the file says otherwise: 1. */
  public static final double DEFAULT_MAX_DIFF_RATE = 1;

  /** Confidence of the gates' tests, in percent, unless the file says otherwise: 95. */
  public static final double DEFAULT_CONFIDENCE = 95;

  /** Start of a step left out of the latency gate unless the file says otherwise: 30 seconds. */
  public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(30);

  /**
   * Longest step without enough evidence unless the file says otherwise: 1 hour, or the step
   * duration when that is longer.
   */
  public static final Duration DEFAULT_MAX_STEP_DURATION = Duration.ofHours(1);

  /** The lowest confidence accepted, in percent. */
  public static final double MIN_CONFIDENCE = 50;

  /** The most windows a plan may have. */
  public static final int MAX_WINDOWS = 32;

  /**
   * Copies the steps and windows and checks each value.
   *
   * @param steps the percent of each step, at least one, strictly increasing, each 0..100
   * @param stepDuration how long a step lasts at least; positive
   * @param minRequests modern calls a step needs before it is judged; 0 or more
   * @param maxErrorRate largest percent of failing modern calls, 0..100
   * @param maxLatencyRatio how much slower than legacy modern may be; greater than 0
   * @param maxDiffRate largest percent of compared pairs with a breaking difference, 0..100
   * @param onFailure what a failed gate does
   * @param confidence the confidence of the gates' tests in percent, 50 or more and below 100
   * @param warmUp the start of each step left out of the latency gate; 0 or more
   * @param maxStepDuration how long a step without enough evidence goes on; at least {@code
   *     stepDuration}
   * @param onInconclusive what a step without enough evidence at {@code maxStepDuration} does
   * @param windows when the plan may move forward; empty for any time, at most {@value
   *     #MAX_WINDOWS}
   * @throws IllegalArgumentException if there is no step, the steps do not strictly increase, a
   *     value is out of bounds, or {@code maxStepDuration} is shorter than {@code stepDuration}
   * @throws NullPointerException if an argument, a step or a window is null
   */
  public PlanSettings {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps: [] (expected: at least one step)");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).compareTo(steps.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(
            "steps["
                + i
                + "]: "
                + steps.get(i)
                + " (expected: more than the previous step, "
                + steps.get(i - 1)
                + ")");
      }
    }
    Bounds.requirePositive("step-duration", stepDuration);
    Bounds.requireAtLeast("min-requests", minRequests, 0);
    Bounds.requireRange("max-error-rate", maxErrorRate, 0, 100);
    Bounds.requirePositive("max-latency-ratio", maxLatencyRatio);
    Bounds.requireRange("max-diff-rate", maxDiffRate, 0, 100);
    Objects.requireNonNull(onFailure, "onFailure");
    if (!(confidence >= MIN_CONFIDENCE && confidence < 100)) {
      throw new IllegalArgumentException(
          "confidence: " + confidence + " (expected: " + CONFIDENCE_EXPECTATION + ")");
    }
    Objects.requireNonNull(warmUp, "warmUp");
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException(
          "warm-up: " + DurationText.format(warmUp) + " (expected: 0s or more)");
    }
    Bounds.requirePositive("max-step-duration", maxStepDuration);
    if (maxStepDuration.compareTo(stepDuration) < 0) {
      throw new IllegalArgumentException(
          "max-step-duration: "
              + DurationText.format(maxStepDuration)
              + " (expected: at least step-duration, "
              + DurationText.format(stepDuration)
              + ")");
    }
    Objects.requireNonNull(onInconclusive, "onInconclusive");
    windows = List.copyOf(windows);
    if (windows.size() > MAX_WINDOWS) {
      throw new IllegalArgumentException(
          "windows: " + windows.size() + " windows (expected: at most " + MAX_WINDOWS + ")");
    }
  }

  /** What error messages expect of a confidence. */
  static final String CONFIDENCE_EXPECTATION = "a percent, 50 or more and below 100";

  /**
   * Returns plan settings with the statistical settings at their defaults: confidence 95 %, warm-up
   * 30 s, {@link #defaultMaxStepDuration(Duration) max-step-duration} 1 h, pause when inconclusive,
   * no windows.
   *
   * @param steps the percent of each step, at least one, strictly increasing, each 0..100
   * @param stepDuration how long a step lasts at least; positive
   * @param minRequests modern calls a step needs before it is judged; 0 or more
   * @param maxErrorRate largest percent of failing modern calls, 0..100
   * @param maxLatencyRatio how much slower than legacy modern may be; greater than 0
   * @param maxDiffRate largest percent of compared pairs with a breaking difference, 0..100
   * @param onFailure what a failed gate does
   * @throws IllegalArgumentException if there is no step, the steps do not strictly increase, or a
   *     value is out of bounds
   * @throws NullPointerException if an argument or a step is null
   */
  public PlanSettings(
      List<Percent> steps,
      Duration stepDuration,
      long minRequests,
      double maxErrorRate,
      double maxLatencyRatio,
      double maxDiffRate,
      OnFailure onFailure) {
    this(
        steps,
        stepDuration,
        minRequests,
        maxErrorRate,
        maxLatencyRatio,
        maxDiffRate,
        onFailure,
        DEFAULT_CONFIDENCE,
        DEFAULT_WARM_UP,
        defaultMaxStepDuration(stepDuration),
        OnInconclusive.PAUSE,
        List.of());
  }

  /**
   * Returns a plan over {@code steps} with every gate at its default: 10m per step, 100 modern
   * calls, error rate 1 %, latency ratio 1.5, diff rate 1 %, roll back on failure, confidence 95 %,
   * warm-up 30 s, at most 1 h per step, pause when inconclusive, no windows.
   *
   * @param steps the percent of each step, strictly increasing
   * @return the plan
   * @throws IllegalArgumentException if there is no step or the steps do not strictly increase
   */
  public static PlanSettings of(List<Percent> steps) {
    return new PlanSettings(
        steps,
        DEFAULT_STEP_DURATION,
        DEFAULT_MIN_REQUESTS,
        DEFAULT_MAX_ERROR_RATE,
        DEFAULT_MAX_LATENCY_RATIO,
        DEFAULT_MAX_DIFF_RATE,
        OnFailure.ROLLBACK);
  }

  /**
   * The max-step-duration a plan gets when the file does not say: {@value
   * #DEFAULT_MAX_STEP_DURATION_TEXT}, or {@code stepDuration} when that is longer.
   *
   * @param stepDuration the plan's step duration
   * @return the longer of 1 h and {@code stepDuration}
   * @throws NullPointerException if {@code stepDuration} is null
   */
  public static Duration defaultMaxStepDuration(Duration stepDuration) {
    Objects.requireNonNull(stepDuration, "stepDuration");
    return stepDuration.compareTo(DEFAULT_MAX_STEP_DURATION) > 0
        ? stepDuration
        : DEFAULT_MAX_STEP_DURATION;
  }

  /** The default max-step-duration as the file writes it. */
  static final String DEFAULT_MAX_STEP_DURATION_TEXT = "1h";

  /**
   * The significance level of the gates' tests: a p-value below it is significant.
   *
   * @return {@code 1 - confidence / 100}, e.g. 0.05 at 95 %
   */
  public double alpha() {
    return 1 - confidence / 100;
  }
}
