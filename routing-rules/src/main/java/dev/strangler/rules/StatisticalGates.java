package dev.strangler.rules;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The statistical tests of a plan's gates (see {@link GateResult} for the rules they decide by).
 *
 * <p>Design: the tests are Apache Commons Math's: the exact {@link BinomialTest}, the {@link
 * MannWhitneyUTest} (its asymptotic p-value, two-sided, halved to the side the rank sum points to),
 * the {@link NaturalRanking} it ranks with, and the standard {@link NormalDistribution} for the
 * two-proportion z-test, whose statistic is the textbook pooled one. They live with the plan's
 * state machine, so that a step's verdict is a pure function of its figures, the same on every
 * replica and in a simulation. Stateless and thread-safe.
 */
final class StatisticalGates {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private static final BinomialTest BINOMIAL = new BinomialTest();

  private static final NaturalRanking RANKING =
      new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

  private StatisticalGates() {}

  /** The error-rate gate: modern's failures against the limit and against legacy's. */
  static GateResult errorRate(StepFigures figures, double limitPercent, double alpha) {
    long modernRequests = figures.modernRequests();
    if (modernRequests == 0) {
      return GateResult.notApplicable(GateResult.ERROR_RATE, limitPercent);
    }
    long modernFailures = figures.modernFailures();
    double rate = modernFailures / (double) modernRequests;
    double limit = limitPercent / 100;
    double aboveLimit = binomial(modernRequests, modernFailures, limit, true);
    double belowLimit = binomial(modernRequests, modernFailures, limit, false);
    long legacyRequests = figures.legacyRequests();
    String test;
    double statistic;
    double pWorse;
    double pWithin;
    if (legacyRequests == 0) {
      test = GateResult.BINOMIAL;
      statistic = modernFailures;
      pWorse = aboveLimit;
      pWithin = belowLimit;
    } else {
      test = GateResult.TWO_PROPORTION;
      statistic =
          twoProportionZ(modernFailures, modernRequests, figures.legacyFailures(), legacyRequests);
      pWorse = statistic == 0 ? 1 : 1 - STANDARD_NORMAL.cumulativeProbability(statistic);
      double belowLegacy = statistic == 0 ? 1 : STANDARD_NORMAL.cumulativeProbability(statistic);
      pWithin = Math.min(1, 2 * Math.min(belowLimit, belowLegacy));
    }
    GateResult.Verdict verdict;
    if (rate > limit && pWorse < alpha) {
      verdict = GateResult.Verdict.FAILED;
    } else if (pWithin < alpha) {
      verdict = GateResult.Verdict.PASSED;
    } else {
      verdict = GateResult.Verdict.INCONCLUSIVE;
    }
    return new GateResult(
        GateResult.ERROR_RATE,
        verdict,
        rate * 100,
        limitPercent,
        test,
        statistic,
        pWorse,
        pWithin,
        modernRequests,
        legacyRequests);
  }

  /** The latency gate: modern's samples ranked against legacy's times the ratio. */
  static GateResult latency(StepFigures figures, double ratio, double alpha) {
    LatencySamples modern = figures.modernLatency();
    LatencySamples legacy = figures.legacyLatency();
    if (legacy.isEmpty()) {
      return GateResult.notApplicable(GateResult.LATENCY_RATIO, ratio);
    }
    double legacyP99 = figures.legacyP99Millis();
    double actual = legacyP99 > 0 ? figures.modernP99Millis() / legacyP99 : 0;
    if (modern.size() < GateResult.MIN_LATENCY_SAMPLES
        || legacy.size() < GateResult.MIN_LATENCY_SAMPLES) {
      return new GateResult(
          GateResult.LATENCY_RATIO,
          GateResult.Verdict.INCONCLUSIVE,
          actual,
          ratio,
          GateResult.MANN_WHITNEY,
          0,
          1,
          1,
          modern.size(),
          legacy.size());
    }
    double[] modernMillis = modern.millis();
    double[] scaledLegacy = legacy.millis();
    for (int i = 0; i < scaledLegacy.length; i++) {
      scaledLegacy[i] *= ratio;
    }
    double u = modernU(modernMillis, scaledLegacy);
    double twoSided = new MannWhitneyUTest().mannWhitneyUTest(modernMillis, scaledLegacy);
    double mean = modernMillis.length * (double) scaledLegacy.length / 2;
    double pWorse = u >= mean ? twoSided / 2 : 1 - twoSided / 2;
    double pWithin = u <= mean ? twoSided / 2 : 1 - twoSided / 2;
    GateResult.Verdict verdict =
        pWorse < alpha
            ? GateResult.Verdict.FAILED
            : pWithin < alpha ? GateResult.Verdict.PASSED : GateResult.Verdict.INCONCLUSIVE;
    return new GateResult(
        GateResult.LATENCY_RATIO,
        verdict,
        actual,
        ratio,
        GateResult.MANN_WHITNEY,
        u,
        clamp(pWorse),
        clamp(pWithin),
        modernMillis.length,
        scaledLegacy.length);
  }

  /** The diff gate: breaking pairs among the compared ones against the limit. */
  static GateResult diffRate(StepFigures figures, double limitPercent, double alpha) {
    long compared = figures.comparedPairs();
    if (compared == 0) {
      return GateResult.notApplicable(GateResult.DIFF_RATE, limitPercent);
    }
    long breaking = figures.breakingPairs();
    double rate = breaking / (double) compared;
    double limit = limitPercent / 100;
    double pWorse = binomial(compared, breaking, limit, true);
    double pWithin = binomial(compared, breaking, limit, false);
    GateResult.Verdict verdict;
    if (rate > limit && pWorse < alpha) {
      verdict = GateResult.Verdict.FAILED;
    } else if (pWithin < alpha) {
      verdict = GateResult.Verdict.PASSED;
    } else {
      verdict = GateResult.Verdict.INCONCLUSIVE;
    }
    return new GateResult(
        GateResult.DIFF_RATE,
        verdict,
        rate * 100,
        limitPercent,
        GateResult.BINOMIAL,
        breaking,
        pWorse,
        pWithin,
        compared,
        0);
  }

  /**
   * The p-value of an exact binomial test of {@code successes} in {@code trials} against {@code
   * probability}: that the true rate is above it ({@code greater}) or below it. Counts beyond an
   * {@code int} are scaled down to one, keeping their rate.
   */
  static double binomial(long trials, long successes, double probability, boolean greater) {
    int n;
    int k;
    if (trials > Integer.MAX_VALUE) {
      n = Integer.MAX_VALUE;
      k = (int) Math.round(successes * ((double) Integer.MAX_VALUE / trials));
    } else {
      n = (int) trials;
      k = (int) successes;
    }
    return clamp(
        BINOMIAL.binomialTest(
            n,
            k,
            probability,
            greater ? AlternativeHypothesis.GREATER_THAN : AlternativeHypothesis.LESS_THAN));
  }

  /**
   * The pooled two-proportion z statistic of modern's failure rate against legacy's: positive when
   * modern fails more often; 0 when neither side ever failed or both always did.
   */
  static double twoProportionZ(long modernFailures, long modern, long legacyFailures, long legacy) {
    double pooled = (modernFailures + legacyFailures) / (double) (modern + legacy);
    double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / modern + 1.0 / legacy));
    if (standardError == 0) {
      return 0;
    }
    return (modernFailures / (double) modern - legacyFailures / (double) legacy) / standardError;
  }

  /** U of the first sample: the pairs in which it is the larger, ties counting half. */
  private static double modernU(double[] modern, double[] legacy) {
    double[] all = new double[modern.length + legacy.length];
    System.arraycopy(modern, 0, all, 0, modern.length);
    System.arraycopy(legacy, 0, all, modern.length, legacy.length);
    double[] ranks = RANKING.rank(all);
    double rankSum = 0;
    for (int i = 0; i < modern.length; i++) {
      rankSum += ranks[i];
    }
    return rankSum - modern.length * (modern.length + 1.0) / 2;
  }

  private static double clamp(double p) {
    return Double.isNaN(p) ? 1 : Math.max(0, Math.min(1, p));
  }
}
