package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.LatencySamples;
import dev.strangler.rules.StepFigures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evidence of a step added up over the replicas that published it. */
class PlanFiguresTest {

  private static final String STEP = "1@2025-03-03T09:00:00Z";

  private static int[] micros(int count, int value) {
    int[] micros = new int[count];
    Arrays.fill(micros, value);
    return micros;
  }

  private static EvidenceSnapshot snapshot(
      String step, long modern, long failures, long legacy, int[] modernMicros, long offered) {
    return new EvidenceSnapshot(
        step, modern, failures, legacy, 0, offered, modernMicros, 0, new int[0], 10, 1);
  }

  @Test
  void replicas_countsAddUp_andAReplicaStillInTheStepBefore_isLeftOut() {
    PlanFigures.StepWindow window = new PlanFigures.StepWindow(STEP);
    window.observe("a", snapshot(STEP, 100, 2, 90, micros(100, 20_000), 100));
    window.observe("b", snapshot(STEP, 50, 40, 60, micros(50, 30_000), 50));
    window.observe("c", snapshot("0@2025-03-03T08:50:00Z", 999, 999, 999, new int[0], 0));

    StepFigures figures = window.figures();

    assertThat(figures.modernRequests()).isEqualTo(150);
    assertThat(figures.modernFailures()).isEqualTo(42);
    assertThat(figures.legacyRequests()).isEqualTo(150);
    assertThat(figures.comparedPairs()).isEqualTo(20);
    assertThat(figures.breakingPairs()).isEqualTo(2);
    assertThat(figures.modernLatency().size()).isEqualTo(150);
  }

  @Test
  void aReplicaThatStopped_keepsWhatItLastPublished() {
    PlanFigures.StepWindow window = new PlanFigures.StepWindow(STEP);
    window.observe("a", snapshot(STEP, 10, 0, 10, new int[0], 0));
    window.observe("b", snapshot(STEP, 30, 1, 30, new int[0], 0));
    window.observe("a", snapshot(STEP, 25, 0, 25, new int[0], 0));

    assertThat(window.figures().modernRequests()).isEqualTo(55);
  }

  @Test
  void merge_weighsEachReplicaByTheLatenciesItSampledFrom() {
    // a: 1000 samples of 10000 latencies (10 each); b: 1000 samples of 1000 latencies (1 each)
    LatencySamples merged =
        PlanFigures.merge(
            STEP,
            List.of(
                new PlanFigures.Sample("a", 10_000, micros(1000, 10_000)),
                new PlanFigures.Sample("b", 1_000, micros(1000, 90_000))));

    long fromA = Arrays.stream(merged.millis()).filter(ms -> ms == 10).count();
    long fromB = Arrays.stream(merged.millis()).filter(ms -> ms == 90).count();
    assertThat(fromA).isEqualTo(1000);
    assertThat(fromB).as("b stands for a tenth of a's latencies").isEqualTo(100);
    assertThat(merged.population()).isEqualTo(11_000);
  }

  @Test
  void merge_sameEvidence_mergesAlike() {
    List<PlanFigures.Sample> samples =
        List.of(
            new PlanFigures.Sample("a", 5000, ramp(1000)),
            new PlanFigures.Sample("b", 2000, ramp(1000)));

    assertThat(PlanFigures.merge(STEP, samples)).isEqualTo(PlanFigures.merge(STEP, samples));
  }

  @Test
  void merge_noSample_isEmptyButKeepsTheCount() {
    assertThat(PlanFigures.merge(STEP, List.of())).isEqualTo(LatencySamples.NONE);
    assertThat(PlanFigures.merge(STEP, List.of(new PlanFigures.Sample("a", 0, new int[0]))).size())
        .isZero();
  }

  private static int[] ramp(int count) {
    int[] micros = new int[count];
    for (int i = 0; i < count; i++) {
      micros[i] = 1000 + i;
    }
    return micros;
  }
}
