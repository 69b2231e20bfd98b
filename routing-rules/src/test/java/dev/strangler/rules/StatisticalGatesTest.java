package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The statistical gates on synthetic samples whose answer is known: drawn from seeded
 * distributions, or small enough to work out by hand.
 */
class StatisticalGatesTest {

  private static final double ALPHA = 0.05;

  /**
   * {@code n} latencies of a service whose median is {@code medianMillis}: log-normal with a spread
   * (sigma 0.5) like that of real response times.
   */
  private static LatencySamples lognormal(long seed, int n, double medianMillis) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] millis = new double[n];
    for (int i = 0; i < n; i++) {
      millis[i] = medianMillis * Math.exp(0.5 * gaussian(random));
    }
    return LatencySamples.of(millis);
  }

  /** A standard normal draw (Box-Muller), from the seeded generator alone. */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static StepFigures latencies(LatencySamples modern, LatencySamples legacy) {
    return new StepFigures(modern.size(), 0, legacy.size(), 0, modern, legacy, 0, 0);
  }

  private static StepFigures calls(long modern, long modernFailures, long legacy, long failures) {
    return new StepFigures(
        modern, modernFailures, legacy, failures, LatencySamples.NONE, LatencySamples.NONE, 0, 0);
  }

  private static StepFigures pairs(long compared, long breaking) {
    return new StepFigures(
        0, 0, 0, 0, LatencySamples.NONE, LatencySamples.NONE, compared, breaking);
  }

  // latency

  @ParameterizedTest
  @ValueSource(ints = {10, 20, 30, 50, 100, 300, 1000, 3000, 10000})
  void latency_identicalDistributions_neverFailAtAnySize_andPassFromAHundredSamples(int n) {
    for (long seed = 1; seed <= 20; seed++) {
      GateResult gate =
          StatisticalGates.latency(
              latencies(lognormal(seed, n, 80), lognormal(seed + 1000, n, 80)), 1.5, ALPHA);

      assertThat(gate.verdict()).as("seed %d", seed).isNotEqualTo(GateResult.Verdict.FAILED);
      if (n >= 100) {
        assertThat(gate.verdict()).as("seed %d", seed).isEqualTo(GateResult.Verdict.PASSED);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 300, 500})
  void latency_realTwofoldSlowdown_failsAt95PercentWithAFewHundredSamples(int n) {
    for (long seed = 1; seed <= 20; seed++) {
      GateResult gate =
          StatisticalGates.latency(
              latencies(lognormal(seed, n, 160), lognormal(seed + 1000, n, 80)), 1.5, ALPHA);

      assertThat(gate.verdict()).as("seed %d", seed).isEqualTo(GateResult.Verdict.FAILED);
      assertThat(gate.pWorse()).isLessThan(ALPHA);
      assertThat(gate.test()).isEqualTo(GateResult.MANN_WHITNEY);
      assertThat(gate.modernSamples()).isEqualTo(n);
      assertThat(gate.legacySamples()).isEqualTo(n);
      assertThat(gate.limit()).isEqualTo(1.5);
    }
  }

  @Test
  void latency_slowdownWithinTheRatio_passes() {
    GateResult gate =
        StatisticalGates.latency(
            latencies(lognormal(7, 500, 96), lognormal(8, 500, 80)), 1.5, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.PASSED);
  }

  @Test
  void latency_fiveSlowCallsAmongAHundred_doNotFail() {
    double[] modern = lognormal(3, 100, 80).millis();
    for (int i = 0; i < 5; i++) {
      modern[i] = 450;
    }
    LatencySamples legacy = lognormal(4, 100, 80);

    GateResult gate =
        StatisticalGates.latency(latencies(LatencySamples.of(modern), legacy), 1.5, ALPHA);

    assertThat(gate.verdict()).isNotEqualTo(GateResult.Verdict.FAILED);
    assertThat(gate.actual()).as("the p99 ratio the old gate failed on").isGreaterThan(1.5);
  }

  @Test
  void latency_knownRanks_giveTheTextbookStatisticAndPValue() {
    // modern 11..20 ms, legacy 1..10 ms at ratio 1: every modern sample outranks every legacy one
    double[] modern = new double[10];
    double[] legacy = new double[10];
    for (int i = 0; i < 10; i++) {
      modern[i] = 11 + i;
      legacy[i] = 1 + i;
    }

    GateResult gate =
        StatisticalGates.latency(
            latencies(LatencySamples.of(modern), LatencySamples.of(legacy)), 1, ALPHA);

    // U = 100; z = (0 - 50) / sqrt(100 * 21 / 12) = -3.7796; one-sided p = Phi(-3.7796)
    assertThat(gate.statistic()).isEqualTo(100);
    assertThat(gate.pWorse()).isCloseTo(7.853e-5, within(1e-7));
    assertThat(gate.pWithin()).isCloseTo(1 - 7.853e-5, within(1e-7));
    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.FAILED);
  }

  @Test
  void latency_fewerThanTenSamplesOnASide_isInconclusive() {
    GateResult gate =
        StatisticalGates.latency(
            latencies(lognormal(1, 9, 500), lognormal(2, 500, 80)), 1.5, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.INCONCLUSIVE);
    assertThat(gate.modernSamples()).isEqualTo(9);
  }

  @Test
  void latency_noLegacySample_isNotApplicable() {
    GateResult gate =
        StatisticalGates.latency(
            latencies(lognormal(1, 100, 500), LatencySamples.NONE), 1.5, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.NOT_APPLICABLE);
  }

  // error rate

  @Test
  void errorRate_onePercentAgainstPointNinePercentOnAHundredCalls_isInconclusive() {
    for (double limit : new double[] {0.5, 1, 2}) {
      GateResult gate = StatisticalGates.errorRate(calls(100, 1, 1000, 9), limit, ALPHA);

      assertThat(gate.verdict()).as("limit %s", limit).isEqualTo(GateResult.Verdict.INCONCLUSIVE);
      assertThat(gate.actual()).isEqualTo(1);
    }
  }

  @Test
  void errorRate_beyondTheLimitAndSignificantlyWorse_fails() {
    GateResult gate = StatisticalGates.errorRate(calls(1000, 50, 1000, 5), 1, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.FAILED);
    assertThat(gate.test()).isEqualTo(GateResult.TWO_PROPORTION);
    // pooled 55/2000; z = (0.05 - 0.005) / sqrt(0.0275 * 0.9725 * 0.002) = 6.1530
    assertThat(gate.statistic()).isCloseTo(6.1530, within(1e-3));
    assertThat(gate.pWorse()).isLessThan(1e-8);
    assertThat(gate.modernSamples()).isEqualTo(1000);
    assertThat(gate.legacySamples()).isEqualTo(1000);
  }

  @Test
  void errorRate_beyondTheLimitButNoWorseThanLegacy_doesNotFail() {
    // both sides fail 5 % of the time (a shared downstream): not modern's doing
    GateResult gate = StatisticalGates.errorRate(calls(5000, 250, 5000, 250), 1, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.INCONCLUSIVE);
  }

  @Test
  void errorRate_significantlyBelowTheLimit_passes() {
    GateResult gate = StatisticalGates.errorRate(calls(1000, 2, 1000, 1), 1, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.PASSED);
    assertThat(gate.pWithin()).isLessThan(ALPHA);
  }

  @Test
  void errorRate_noFailureOnTooFewCalls_isInconclusiveNotPassedByLuck() {
    // 0 of 100 does not show a rate below 1 %: P(no failure | 1 %) = 0.99^100 = 0.366
    GateResult gate = StatisticalGates.errorRate(calls(100, 0, 100, 0), 1, ALPHA);

    assertThat(gate.verdict()).isEqualTo(GateResult.Verdict.INCONCLUSIVE);
    assertThat(gate.pWithin()).isCloseTo(Math.min(1, 2 * Math.pow(0.99, 100)), within(1e-9));
  }

  @Test
  void errorRate_stepWithoutLegacyTraffic_isTestedAgainstTheLimitAlone() {
    GateResult failing = StatisticalGates.errorRate(calls(1000, 30, 0, 0), 1, ALPHA);
    GateResult passing = StatisticalGates.errorRate(calls(1000, 1, 0, 0), 1, ALPHA);

    assertThat(failing.test()).isEqualTo(GateResult.BINOMIAL);
    assertThat(failing.verdict()).isEqualTo(GateResult.Verdict.FAILED);
    assertThat(failing.statistic()).isEqualTo(30);
    assertThat(passing.verdict()).isEqualTo(GateResult.Verdict.PASSED);
  }

  @Test
  void errorRate_noModernCall_isNotApplicable() {
    assertThat(StatisticalGates.errorRate(calls(0, 0, 100, 1), 1, ALPHA).verdict())
        .isEqualTo(GateResult.Verdict.NOT_APPLICABLE);
  }

  @ParameterizedTest
  @CsvSource({"1000, 11, 1000, 0", "100, 100, 100, 0"})
  void errorRate_limitOfAHundredPercent_neverFails(
      long modern, long modernFailures, long legacy, long legacyFailures) {
    GateResult gate =
        StatisticalGates.errorRate(
            calls(modern, modernFailures, legacy, legacyFailures), 100, ALPHA);

    assertThat(gate.verdict()).isNotEqualTo(GateResult.Verdict.FAILED);
  }

  @Test
  void twoProportionZ_noFailureOnEitherSide_isZero() {
    assertThat(StatisticalGates.twoProportionZ(0, 100, 0, 100)).isZero();
    assertThat(StatisticalGates.twoProportionZ(100, 100, 50, 50)).isZero();
  }

  // diff rate

  @ParameterizedTest
  @CsvSource({
    "500, 0, PASSED",
    "500, 20, FAILED",
    "50, 0, INCONCLUSIVE",
    "50, 1, INCONCLUSIVE",
    "0, 0, NOT_APPLICABLE"
  })
  void diffRate_binomialAgainstTheLimit(long compared, long breaking, GateResult.Verdict verdict) {
    assertThat(StatisticalGates.diffRate(pairs(compared, breaking), 1, ALPHA).verdict())
        .isEqualTo(verdict);
  }

  @Test
  void binomial_matchesTheExactTail() {
    // P(X >= 3 | n = 10, p = 0.1) = 1 - P(X <= 2) = 0.0701908
    assertThat(StatisticalGates.binomial(10, 3, 0.1, true)).isCloseTo(0.0701908, within(1e-6));
    // P(X <= 0 | n = 10, p = 0.1) = 0.9^10
    assertThat(StatisticalGates.binomial(10, 0, 0.1, false))
        .isCloseTo(Math.pow(0.9, 10), within(1e-12));
  }

  @Test
  void binomial_countsBeyondAnInt_keepTheirRate() {
    double huge = StatisticalGates.binomial(4_000_000_000L, 40_000_000L, 0.02, false);

    assertThat(huge).isLessThan(1e-9);
  }
}
