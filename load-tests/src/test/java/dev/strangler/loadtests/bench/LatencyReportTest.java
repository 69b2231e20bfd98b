package dev.strangler.loadtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyReportTest {

  // phase rate round target sent completed p50 p90 p99 p999 max non2xx errors dropped lag total cpu
  private static final List<String> RESULTS =
      List.of(
          "fixed\t1000\t1\tdirect\t20000\t20000\t300\t400\t1000\t2000\t3000\t0\t0\t0\t80\t25000"
              + "\t500000000",
          "fixed\t1000\t1\tcanary\t20000\t20000\t900\t1200\t1800\t4000\t5000\t0\t0\t0\t80\t25000"
              + "\t5000000000",
          "fixed\t1000\t2\tcanary\t20000\t20000\t800\t1100\t4000\t6000\t9000\t0\t0\t0\t80\t25000"
              + "\t4000000000",
          "fixed\t1000\t2\tdirect\t20000\t20000\t400\t500\t3000\t4000\t5000\t0\t0\t0\t80\t25000"
              + "\t500000000",
          "fixed\t1000\t3\tdirect\t20000\t20000\t300\t400\t1000\t2000\t3000\t0\t0\t0\t80\t25000"
              + "\t500000000",
          "fixed\t1000\t3\tcanary\t20000\t20000\t700\t1000\t1500\t3000\t4000\t0\t0\t0\t80\t25000"
              + "\t6000000000",
          "search\t3000\t1\tdirect\t60000\t60000\t300\t400\t1000\t2000\t3000\t0\t0\t0\t80\t75000"
              + "\t1",
          "search\t3000\t1\tcanary\t60000\t60000\t3000\t8000\t12000\t20000\t30000\t0\t0\t0\t80"
              + "\t75000\t1");

  @Test
  void addedMicros_isTheMedianOfPerRoundDifferences() {
    List<LatencyReport.Run> runs = LatencyReport.parse(RESULTS);

    // p99 per round: 1800-1000, 4000-3000, 1500-1000 -> 800, 1000, 500 -> 800; the difference of
    // the medians would be 1800 - 1000
    assertThat(LatencyReport.addedMicros(runs.subList(0, 6), "canary", LatencyReport.Run::p99))
        .contains(800L);
    // p50: 600, 400, 400 -> 400
    assertThat(LatencyReport.addedMicros(runs.subList(0, 6), "canary", LatencyReport.Run::p50))
        .contains(400L);
  }

  @Test
  void heldByRate_needsP99UnderTenMillisecondsInEveryRound() {
    List<LatencyReport.Run> runs = LatencyReport.parse(RESULTS);

    assertThat(LatencyReport.heldByRate(runs, "canary"))
        .isEqualTo(Map.of(1000L, true, 3000L, false));
    assertThat(LatencyReport.heldByRate(runs, "direct"))
        .isEqualTo(Map.of(1000L, true, 3000L, true));
  }

  @Test
  void render_givesMediansAddedLatencyAndVerdict() {
    String report = LatencyReport.render(LatencyReport.parse(RESULTS), "- cpu: 2 cores");

    assertThat(report)
        .contains(
            "| 1000 | canary | 0.80 | 1.10 | 1.80 | 4.00 | +0.40 | +0.60 | +0.80 | +2.00 | 200 |"
                + " yes |")
        .contains("| canary | 1000 | 3000 |")
        .contains("| direct | 3000 | none tried |");
  }

  @Test
  void run_withErrorsOrUnsentRequests_didNotHold() {
    LatencyReport.Run errors =
        LatencyReport.parse(
                List.of("fixed\t500\t1\tplain\t100\t100\t1\t1\t1\t1\t1\t0\t1\t0\t1\t100\t1"))
            .get(0);
    LatencyReport.Run unsent =
        LatencyReport.parse(
                List.of("fixed\t500\t1\tplain\t100\t100\t1\t1\t1\t1\t1\t0\t0\t5\t1\t100\t1"))
            .get(0);

    assertThat(errors.held()).isFalse();
    assertThat(unsent.held()).isFalse();
  }
}
