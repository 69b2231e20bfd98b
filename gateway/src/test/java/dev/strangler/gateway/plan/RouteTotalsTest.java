package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.plan.RouteTotals.Histogram;
import dev.strangler.rules.StepFigures;
import org.junit.jupiter.api.Test;

class RouteTotalsTest {

  static final double MS = 1_000_000;

  static final double[] BOUNDS = {10 * MS, 100 * MS, 1000 * MS};

  static Histogram histogram(double... cumulative) {
    return new Histogram((long) cumulative[cumulative.length - 1], BOUNDS, cumulative);
  }

  static RouteTotals totals(long requests, long failures, Histogram modern) {
    return new RouteTotals(requests, failures, modern, Histogram.EMPTY, 0, 0);
  }

  @Test
  void stepFigures_ofTwoReplicas_addWhatEachCountedSinceItsOwnBase() {
    RouteTotals baseA = totals(100, 0, histogram(100, 100, 100));
    RouteTotals nowA = totals(200, 0, histogram(200, 200, 200));
    RouteTotals baseB = totals(1000, 10, histogram(0, 1000, 1000));
    RouteTotals nowB = totals(1100, 110, histogram(0, 1100, 1100));

    StepFigures figures = nowA.minus(baseA).plus(nowB.minus(baseB)).figures();

    assertThat(figures.modernRequests()).isEqualTo(200);
    assertThat(figures.modernFailures()).isEqualTo(100);
    assertThat(figures.modernP99Millis())
        .as("half the calls under 10 ms, half under 100 ms: p99 in the second bucket")
        .isBetween(10.0, 100.0);
  }

  @Test
  void zero_addsNothing_andAReplicaThatStartedAnewCountsWhole() {
    RouteTotals now = totals(50, 5, histogram(50, 50, 50));

    assertThat(RouteTotals.ZERO.plus(now.minus(RouteTotals.ZERO)).figures())
        .isEqualTo(now.figures());
    assertThat(now.minus(totals(80, 8, histogram(80, 80, 80))).figures().modernRequests())
        .as("counters that went down (a restart) count from zero, never below")
        .isZero();
  }
}
