package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.shadow.DiffReportView;
import dev.strangler.shadow.FieldView;
import dev.strangler.shadow.SampleView;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MergedDiffReportsTest {

  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  static SampleView sample(String requestId, int secondsLater) {
    return new SampleView("1", "2", requestId, AT.plusSeconds(secondsLater));
  }

  static FieldView field(String path, long count, boolean noise, SampleView... samples) {
    return new FieldView(path, "value", "changed", count, 0, noise, List.of(samples));
  }

  @Test
  void merge_addsCounts_takesRatesOverTheSum_andKeepsTheNewestSamples() {
    DiffReportView first =
        new DiffReportView(
            "orders", 100, 10, 4, 0.1, 0, List.of(field("$.a", 10, false, sample("a1", 1))));
    DiffReportView second =
        new DiffReportView(
            "orders",
            300,
            30,
            0,
            0.1,
            0,
            List.of(
                field("$.a", 20, false, sample("a2", 3), sample("a3", 2)),
                field("$.b", 5, true, sample("b1", 1))));

    DiffReportView merged = MergedDiffReports.merge("orders", List.of(first, second), 500, 2);

    assertThat(merged.compared()).isEqualTo(400);
    assertThat(merged.differing()).isEqualTo(40);
    assertThat(merged.noise()).isEqualTo(4);
    assertThat(merged.diffRate()).isEqualTo(0.1);
    assertThat(merged.fields()).extracting(FieldView::path).containsExactly("$.a", "$.b");
    FieldView a = merged.fields().get(0);
    assertThat(a.count()).isEqualTo(30);
    assertThat(a.rate()).isEqualTo(30 / 400.0);
    assertThat(a.samples()).extracting(SampleView::requestId).containsExactly("a2", "a3");
    assertThat(merged.fields().get(1).noise()).isTrue();
  }

  @Test
  void merge_noiseOnlyWhenEveryReplicaJudgedItNoise() {
    DiffReportView noisy =
        new DiffReportView("orders", 10, 0, 1, 0, 0, List.of(field("$.t", 1, true)));
    DiffReportView real =
        new DiffReportView("orders", 10, 1, 0, 0.1, 0, List.of(field("$.t", 1, false)));

    assertThat(
            MergedDiffReports.merge("orders", List.of(noisy, real), 500, 5).fields().get(0).noise())
        .isFalse();
  }

  @Test
  void published_keepsTheMostFrequentFields_andTheNewestSamples_countsWhole() {
    List<FieldView> fields =
        IntStream.range(0, 150)
            .mapToObj(
                i ->
                    field(
                        "$.f" + i,
                        i,
                        false,
                        sample("n" + i, 3),
                        sample("m" + i, 2),
                        sample("o" + i, 1)))
            .toList();
    DiffReportView view = new DiffReportView("orders", 1000, 500, 0, 0.5, 0, fields);

    DiffReportView published = MergedDiffReports.published(view);

    assertThat(published.compared()).isEqualTo(1000);
    assertThat(published.differing()).isEqualTo(500);
    assertThat(published.fields()).hasSize(MergedDiffReports.PUBLISHED_FIELDS);
    assertThat(published.fields().get(0).path()).isEqualTo("$.f149");
    assertThat(published.fields().get(0).samples())
        .extracting(SampleView::requestId)
        .containsExactly("n149", "m149");
  }
}
