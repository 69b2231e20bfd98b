package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DiffReportTest {

  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static DiffReport report() {
    return report(List.of(), 100, 3);
  }

  private static DiffReport report(List<String> redactFields, int maxFields, int samplesPerField) {
    return DiffReport.create(
        "orders", NoiseThresholds.defaults(), redactFields, maxFields, samplesPerField, CLOCK);
  }

  private static Difference value(String path, String legacy, String modern) {
    return new Difference(path, DiffKind.VALUE, Severity.CHANGED, legacy, modern);
  }

  private static Difference missing(String path, String legacy) {
    return new Difference(path, DiffKind.MISSING, Severity.BREAKING, legacy, null);
  }

  private static FieldView field(DiffReportView view, String path) {
    return view.fields().stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + path + " in " + view.fields()));
  }

  @Nested
  class Aggregation {

    @Test
    void record_arrayIndices_normalizedIntoOneField() {
      DiffReport report = report();

      report.record("r1", List.of(value("$.items[3].price", "1", "2")), null);
      report.record("r2", List.of(value("$.items[7].price", "3", "4")), null);

      DiffReportView view = report.view();
      assertThat(view.fields()).extracting(FieldView::path).containsExactly("$.items[*].price");
      assertThat(view.fields().get(0).count()).isEqualTo(2);
    }

    @Test
    void record_manyDifferencesOfOneFieldInOnePair_countOnce() {
      DiffReport report = report();

      report.record(
          "r1",
          List.of(value("$.items[0].price", "1", "2"), value("$.items[1].price", "3", "4")),
          null);

      FieldView price = field(report.view(), "$.items[*].price");
      assertThat(price.count()).isEqualTo(1);
      assertThat(price.samples()).hasSize(1);
      assertThat(price.samples().get(0).legacy()).isEqualTo("1");
    }

    @Test
    void record_countsAndRates() {
      DiffReport report = report();

      report.record("r1", List.of(value("$.a", "1", "2"), missing("$.b", "3")), null);
      report.record("r2", List.of(value("$.a", "1", "5")), null);
      report.record("r3", List.of(), null);
      report.record("r4", List.of(), null);

      DiffReportView view = report.view();
      assertThat(view.route()).isEqualTo("orders");
      assertThat(view.compared()).isEqualTo(4);
      assertThat(view.differing()).isEqualTo(2);
      assertThat(view.noise()).isZero();
      assertThat(view.diffRate()).isEqualTo(0.5);
      assertThat(view.fields()).extracting(FieldView::path).containsExactly("$.a", "$.b");
      assertThat(field(view, "$.a").rate()).isEqualTo(0.5);
      assertThat(field(view, "$.a").kind()).isEqualTo("value");
      assertThat(field(view, "$.a").severity()).isEqualTo("changed");
      assertThat(field(view, "$.b").rate()).isEqualTo(0.25);
      assertThat(field(view, "$.b").kind()).isEqualTo("missing");
      assertThat(field(view, "$.b").severity()).isEqualTo("breaking");
      assertThat(report.breaking()).isEqualTo(1);
      assertThat(report.breakingRate()).isEqualTo(0.25);
      assertThat(report.diffRate()).isEqualTo(0.5);
    }

    @Test
    void record_sameFieldDifferentKinds_oneRowEach() {
      DiffReport report = report();

      report.record("r1", List.of(missing("$.items[*]", "1")), null);
      report.record(
          "r2",
          List.of(new Difference("$.items[*]", DiffKind.EXTRA, Severity.ADDITIVE, null, "2")),
          null);

      assertThat(report.view().fields())
          .extracting(FieldView::path, FieldView::kind, FieldView::severity)
          .containsExactlyInAnyOrder(
              tuple("$.items[*]", "missing", "breaking"), tuple("$.items[*]", "extra", "additive"));
    }

    @Test
    void record_typeChangeAndValueToNullAtOneField_twoBreakingRows() {
      DiffReport report = report();

      report.record(
          "r1",
          List.of(new Difference("$.a", DiffKind.TYPE, Severity.BREAKING, "1", "\"1\"")),
          null);
      report.record(
          "r2",
          List.of(new Difference("$.a", DiffKind.VALUE, Severity.BREAKING, "1", "null")),
          null);

      assertThat(report.view().fields())
          .extracting(FieldView::kind, FieldView::severity, FieldView::count)
          .containsExactlyInAnyOrder(tuple("type", "breaking", 1L), tuple("value", "breaking", 1L));
    }

    @Test
    void record_statusChangedWithinAndAcrossClasses_twoRows() {
      DiffReport report = report();

      report.record(
          "r1",
          List.of(new Difference("status", DiffKind.STATUS, Severity.CHANGED, "200", "201")),
          null);
      report.record(
          "r2",
          List.of(new Difference("status", DiffKind.STATUS, Severity.BREAKING, "200", "500")),
          null);

      assertThat(report.view().fields())
          .extracting(FieldView::kind, FieldView::severity)
          .containsExactlyInAnyOrder(tuple("status", "changed"), tuple("status", "breaking"));
    }

    @Test
    void view_fieldsMostFrequentFirst() {
      DiffReport report = report();

      report.record("r1", List.of(value("$.b", "1", "2")), null);
      report.record("r2", List.of(value("$.a", "1", "2"), value("$.b", "1", "2")), null);

      assertThat(report.view().fields()).extracting(FieldView::path).containsExactly("$.b", "$.a");
    }

    @Test
    void samples_boundedNewestFirst_withRequestIdAndTime() {
      DiffReport report = report(List.of(), 100, 2);

      for (int i = 1; i <= 5; i++) {
        report.record("r" + i, List.of(value("$.a", "1", Integer.toString(i))), null);
      }

      FieldView a = field(report.view(), "$.a");
      assertThat(a.count()).isEqualTo(5);
      assertThat(a.samples())
          .extracting(SampleView::requestId, SampleView::modern)
          .containsExactly(tuple("r5", "5"), tuple("r4", "4"));
      assertThat(a.samples()).extracting(SampleView::at).containsOnly(NOW);
    }

    @Test
    void samples_zeroPerField_keepsCountsOnly() {
      DiffReport report = report(List.of(), 100, 0);

      report.record("r1", List.of(value("$.a", "1", "2")), null);

      assertThat(field(report.view(), "$.a").samples()).isEmpty();
      assertThat(field(report.view(), "$.a").count()).isEqualTo(1);
    }

    @Test
    void samples_longValues_cut() {
      DiffReport report = report();
      String longValue = "\"" + "x".repeat(5000) + "\"";

      report.record("r1", List.of(value("$.a", longValue, "1")), null);

      String kept = field(report.view(), "$.a").samples().get(0).legacy();
      assertThat(kept).hasSize(DiffReport.MAX_SAMPLE_VALUE_CHARS).endsWith("…");
    }

    @Test
    void fields_boundedByMaxFields_evictionsCounted() {
      DiffReport report = report(List.of(), 10, 1);

      for (int i = 0; i < 200; i++) {
        report.record("r" + i, List.of(value("$.id" + i, "1", "2")), null);
      }

      assertThat(report.fieldCount()).isLessThanOrEqualTo(10);
      assertThat(report.view().fields()).hasSizeLessThanOrEqualTo(10);
      assertThat(report.evictedFields()).isEqualTo(200 - report.fieldCount());
      assertThat(report.view().evictedFields()).isEqualTo(report.evictedFields());
      assertThat(report.compared()).isEqualTo(200);
      assertThat(report.differing()).isEqualTo(200);
    }

    @Test
    void reset_forgetsEverything() {
      DiffReport report = report(List.of(), 1, 1);
      report.record("r1", List.of(value("$.a", "1", "2")), List.of(value("$.a", "1", "3")));
      report.record("r2", List.of(value("$.b", "1", "2")), null);

      report.reset();

      DiffReportView view = report.view();
      assertThat(view.compared()).isZero();
      assertThat(view.differing()).isZero();
      assertThat(view.noise()).isZero();
      assertThat(view.diffRate()).isZero();
      assertThat(view.fields()).isEmpty();
      assertThat(report.breakingRate()).isZero();
      assertThat(report.evictedFields()).isZero();
      assertThat(report.fieldCount()).isZero();
    }

    @Test
    void record_statusAndHeaders_keptAsTheirOwnFields() {
      DiffReport report = report(List.of("$..email"), 100, 1);

      report.record(
          "r1",
          List.of(
              new Difference("status", DiffKind.STATUS, Severity.BREAKING, "200", "500"),
              new Difference("header:etag", DiffKind.HEADER, Severity.CHANGED, "a", "b")),
          null);

      DiffReportView view = report.view();
      assertThat(field(view, "status").samples().get(0).modern()).isEqualTo("500");
      assertThat(field(view, "header:etag").samples().get(0).legacy()).isEqualTo("a");
      assertThat(report.breakingRate()).isEqualTo(1.0);
    }

    @Test
    void create_invalidArguments_rejected() {
      assertThatThrownBy(() -> report(List.of(), 0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxFields: 0 (expected: 1..100000)");
      assertThatThrownBy(() -> report(List.of(), 1, -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("samplesPerField: -1 (expected: 0..100)");
      assertThatThrownBy(() -> report(List.of("$.ok", "$.bad["), 1, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("redactFields[1]: $.bad[ (expected:");
      assertThatThrownBy(
              () -> DiffReport.create(" ", NoiseThresholds.defaults(), List.of(), 1, 1, CLOCK))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Redaction {

    private final DiffReport report =
        report(List.of("$.customer.email", "$..card", "$.items[*].secret", "$.list[1]"), 100, 1);

    private SampleView sample(Difference difference) {
      report.record("r", List.of(difference), null);
      return field(report.view(), JsonPath.normalizeIndices(difference.path())).samples().get(0);
    }

    @Test
    void valueAtRedactedPath_replaced() {
      SampleView sample = sample(value("$.customer.email", "\"a@x.io\"", "\"b@x.io\""));

      assertThat(sample.legacy()).isEqualTo("***redacted***");
      assertThat(sample.modern()).isEqualTo("***redacted***");
    }

    @Test
    void valueBelowRedactedPath_replaced() {
      SampleView sample = sample(value("$.order.card.number", "\"4111\"", "\"4242\""));

      assertThat(sample.legacy()).isEqualTo("***redacted***");
    }

    @Test
    void objectValueContainingRedactedPath_redactedInside() {
      SampleView sample =
          sample(missing("$.customer", "{\"name\":\"Ann\",\"email\":\"a@x.io\",\"tier\":2}"));

      assertThat(sample.legacy())
          .isEqualTo("{\"name\":\"Ann\",\"email\":\"***redacted***\",\"tier\":2}");
      assertThat(sample.modern()).isNull();
    }

    @Test
    void deepScan_redactsAtAnyDepthInsideValue() {
      SampleView sample =
          sample(
              missing(
                  "$", "{\"pay\":[{\"card\":{\"n\":1}},{\"x\":{\"card\":\"4111\"}}],\"id\":7}"));

      assertThat(sample.legacy())
          .isEqualTo(
              "{\"pay\":[{\"card\":\"***redacted***\"},{\"x\":{\"card\":\"***redacted***\"}}],\"id\":7}");
    }

    @Test
    void multisetElement_redactedThroughWildcard() {
      SampleView sample = sample(missing("$.items[*]", "{\"id\":1,\"secret\":\"s\"}"));

      assertThat(sample.legacy()).isEqualTo("{\"id\":1,\"secret\":\"***redacted***\"}");
    }

    @Test
    void arrayValue_fixedIndexRedacted() {
      SampleView sample = sample(value("$.list", "[\"a\",\"b\",\"c\"]", "[]"));

      assertThat(sample.legacy()).isEqualTo("[\"a\",\"***redacted***\",\"c\"]");
      assertThat(sample.modern()).isEqualTo("[]");
    }

    @Test
    void unrelatedValue_keptAsIs() {
      SampleView sample = sample(value("$.customer.name", "\"Ann\"", "\"Bob\""));

      assertThat(sample.legacy()).isEqualTo("\"Ann\"");
      assertThat(sample.modern()).isEqualTo("\"Bob\"");
    }

    @Test
    void unparsableJsonLookingValue_replacedWhole() {
      SampleView sample =
          sample(
              value(
                  "$", "{\"customer\":{\"email\":\"a@x.io\"}}", "{\"customer\":{\"email\":\"a@x"));

      assertThat(sample.legacy()).isEqualTo("{\"customer\":{\"email\":\"***redacted***\"}}");
      assertThat(sample.modern()).isEqualTo("***redacted***");
    }

    @Test
    void plainTextBody_keptAsIs() {
      SampleView sample = sample(value("$", "<html>error</html>", "ok"));

      assertThat(sample.legacy()).isEqualTo("<html>error</html>");
    }
  }

  @Nested
  class Noise {

    @Test
    void field_differingAgainstSecondaryAsOftenAsAgainstModern_isNoise() {
      DiffReport report = report();
      Random random = new Random(42);

      for (int i = 0; i < 2000; i++) {
        List<Difference> raw =
            random.nextBoolean() ? List.of(value("$.generatedAt", "1", "2")) : List.of();
        List<Difference> noise =
            random.nextBoolean() ? List.of(value("$.generatedAt", "1", "3")) : List.of();
        report.record("r" + i, raw, noise);
      }

      DiffReportView view = report.view();
      assertThat(field(view, "$.generatedAt").noise()).isTrue();
      assertThat(view.noise()).isGreaterThan(900);
      assertThat(view.differing()).isLessThan(100);
      assertThat(view.differing() + view.noise()).isEqualTo(field(view, "$.generatedAt").count());
      assertThat(view.diffRate()).isLessThan(0.05);
    }

    @Test
    void field_differingOnlyAgainstModern_isReal() {
      DiffReport report = report();

      for (int i = 0; i < 1000; i++) {
        List<Difference> raw = new ArrayList<>();
        List<Difference> noise = new ArrayList<>();
        if (i % 2 == 0) {
          raw.add(value("$.generatedAt", "1", "2"));
          noise.add(value("$.generatedAt", "1", "3"));
        }
        if (i % 10 == 0) {
          raw.add(missing("$.price", "9.99"));
        }
        report.record("r" + i, raw, noise);
      }

      DiffReportView view = report.view();
      assertThat(field(view, "$.price").noise()).isFalse();
      assertThat(field(view, "$.generatedAt").noise()).isTrue();
      assertThat(view.differing()).isEqualTo(100);
      assertThat(view.noise()).isEqualTo(400);
      assertThat(view.diffRate()).isCloseTo(0.1, within(1e-9));
      assertThat(report.breakingRate()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void record_returnsTheDifferencesOfRealFieldsOnly() {
      DiffReport report = report();

      List<Difference> returned = List.of();
      for (int i = 0; i < 50; i++) {
        List<Difference> raw =
            List.of(
                value("$.generatedAt", "1", "2"),
                missing("$.price", "9.99"),
                value("$.items[" + i + "].id", "1", "2"));
        returned = report.record("r" + i, raw, List.of(value("$.generatedAt", "1", "3")));
      }

      assertThat(returned)
          .extracting(Difference::path)
          .containsExactly("$.price", "$.items[49].id");
    }

    @Test
    void record_withoutSecondary_returnsEveryDifference() {
      List<Difference> raw = List.of(value("$.generatedAt", "1", "2"), missing("$.price", "9.99"));

      assertThat(report().record("r1", raw, null)).isEqualTo(raw);
      assertThat(report().record("r2", List.of(), null)).isEmpty();
    }

    @Test
    void breakingDifferenceOnNoiseField_leftOutOfBreakingRate() {
      DiffReport report = report();

      for (int i = 0; i < 100; i++) {
        report.record("r" + i, List.of(missing("$.debug", "1")), List.of(missing("$.debug", "1")));
      }

      assertThat(report.breaking()).isZero();
      assertThat(report.breakingRate()).isZero();
      assertThat(report.noise()).isEqualTo(100);
    }

    @Test
    void field_justAtRelativeThreshold_isNoise_justAbove_isReal() {
      assertThat(noiseFlag(12, 10)).isTrue();
      assertThat(noiseFlag(13, 10)).isFalse();
    }

    /**
     * 100 pairs with a secondary: the field differs against modern in raw, against legacy in noise.
     */
    private boolean noiseFlag(int raw, int noise) {
      DiffReport report = report();
      for (int i = 0; i < 100; i++) {
        report.record(
            "r" + i,
            i < raw ? List.of(value("$.x", "1", "2")) : List.of(),
            i < noise ? List.of(value("$.x", "1", "3")) : List.of());
      }
      return field(report.view(), "$.x").noise();
    }

    @Test
    void field_differingOnlyInPairsWithoutSecondary_isReal() {
      DiffReport report = report();

      report.record("r1", List.of(), List.of(value("$.y", "1", "2")));
      report.record("r2", List.of(value("$.x", "1", "2")), null);

      assertThat(field(report.view(), "$.x").noise()).isFalse();
      assertThat(report.differing()).isEqualTo(1);
    }

    @Test
    void withoutSecondary_nothingIsNoise() {
      DiffReport report = report();

      for (int i = 0; i < 10; i++) {
        report.record("r" + i, List.of(value("$.x", "1", "2")), null);
      }

      assertThat(field(report.view(), "$.x").noise()).isFalse();
      assertThat(report.differing()).isEqualTo(10);
      assertThat(report.noise()).isZero();
    }

    @Test
    void pairWithNoiseAndRealField_countsAsDiffering() {
      DiffReport report = report();

      report.record(
          "r1",
          List.of(value("$.ts", "1", "2"), value("$.total", "1", "2")),
          List.of(value("$.ts", "1", "3")));

      assertThat(report.differing()).isEqualTo(1);
      assertThat(report.noise()).isZero();
      assertThat(field(report.view(), "$.ts").noise()).isTrue();
      assertThat(field(report.view(), "$.total").noise()).isFalse();
    }
  }

  @Test
  void record_concurrentThreads_countsAddUp() throws Exception {
    DiffReport report = report(List.of("$..email"), 50, 3);
    int threads = 4;
    int perThread = 5000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  List<Difference> raw =
                      i % 2 == 0
                          ? List.of(
                              value("$.items[" + i % 7 + "].price", "1", "2"),
                              missing("$.f" + (i % 30), "{\"email\":\"x\"}"))
                          : List.of();
                  report.record(thread + "-" + i, raw, i % 3 == 0 ? List.of() : null);
                  if (i % 500 == 0) {
                    report.view();
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    DiffReportView view = report.view();
    assertThat(view.compared()).isEqualTo(threads * perThread);
    assertThat(view.differing()).isEqualTo(threads * perThread / 2);
    assertThat(field(view, "$.items[*].price").count()).isEqualTo(threads * perThread / 2);
    assertThat(report.fieldCount()).isLessThanOrEqualTo(50);
    assertThat(view.fields()).allSatisfy(f -> assertThat(f.samples()).hasSizeLessThanOrEqualTo(3));
    assertThat(view.fields().stream().flatMap(f -> f.samples().stream()))
        .extracting(SampleView::legacy)
        .allSatisfy(legacy -> assertThat(legacy).doesNotContain("\"x\""));
  }

  @Nested
  class Bounds {

    @Test
    void sample_ofExactlyTheLongestLength_isKeptWhole() {
      DiffReport report = report();
      String longest = "x".repeat(DiffReport.MAX_SAMPLE_VALUE_CHARS);

      report.record("r1", List.of(value("$.a", longest, "y")), null);

      assertThat(field(report.view(), "$.a").samples().get(0).legacy()).isEqualTo(longest);
    }

    @Test
    void sample_oneCharacterLonger_isCutToTheLongestLength() {
      DiffReport report = report();

      report.record(
          "r1",
          List.of(value("$.a", "x".repeat(DiffReport.MAX_SAMPLE_VALUE_CHARS + 1), "y")),
          null);

      assertThat(field(report.view(), "$.a").samples().get(0).legacy())
          .isEqualTo("x".repeat(DiffReport.MAX_SAMPLE_VALUE_CHARS - 1) + "…");
    }

    @Test
    void sample_cutAtASurrogatePair_keepsThePairOut() {
      DiffReport report = report();
      String value = "x".repeat(DiffReport.MAX_SAMPLE_VALUE_CHARS - 2) + "😀" + "tail";

      report.record("r1", List.of(value("$.a", value, "y")), null);

      assertThat(field(report.view(), "$.a").samples().get(0).legacy())
          .isEqualTo("x".repeat(DiffReport.MAX_SAMPLE_VALUE_CHARS - 2) + "…");
    }

    @Test
    void create_atTheLimits_isAccepted() {
      assertThat(report(List.of(), 1, 0).fieldCount()).isZero();
      assertThat(
              report(List.of(), DiffReport.MAX_FIELDS_LIMIT, DiffReport.MAX_SAMPLES_PER_FIELD_LIMIT)
                  .fieldCount())
          .isZero();
    }

    @Test
    void create_pastTheLimits_isRefused() {
      assertThatThrownBy(() -> report(List.of(), DiffReport.MAX_FIELDS_LIMIT + 1, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxFields: 100001 (expected: 1..100000)");
      assertThatThrownBy(() -> report(List.of(), 10, DiffReport.MAX_SAMPLES_PER_FIELD_LIMIT + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("samplesPerField: 101 (expected: 0..100");
    }

    @Test
    void toString_namesTheRouteAndThePairsCompared() {
      DiffReport report = report();
      report.record("r1", List.of(), null);

      assertThat(report).hasToString("DiffReport[route=orders, compared=1]");
    }

    @Test
    void fieldCount_afterManyFields_isAtMostMaxFields() {
      DiffReport report = report(List.of(), 10, 1);

      for (int i = 0; i < 200; i++) {
        report.record("r" + i, List.of(value("$.f" + i, "1", "2")), null);
      }

      assertThat(report.fieldCount()).isLessThanOrEqualTo(10);
      assertThat(report.evictedFields()).isGreaterThanOrEqualTo(190);
    }
  }
}
