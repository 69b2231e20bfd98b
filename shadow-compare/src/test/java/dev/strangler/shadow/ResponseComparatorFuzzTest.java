package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the JSON diff (issue 11, part 4): whatever two bodies hold, {@link
 * ResponseComparator#compare} gives a list of differences within its bounds, which a {@link
 * DiffReport} records and shows, never throws, never hangs, and allocates no more than in
 * proportion to the bodies. The cases these properties found are kept as examples in {@link
 * ResponseComparatorHostileInputTest}.
 */
class ResponseComparatorFuzzTest {

  private static final List<String> IGNORE_EXPRESSIONS =
      List.of("$.m1", "$..m2", "$.*.m3", "$['a b']", "$[0]", "$[*].m4", "$..*", "$['$']");

  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

  /** Generous: catches blow-ups (a path per difference, quadratic pairing), does not measure. */
  static long allocationBound(long bodyBytes) {
    return (64L << 20) + 4_000L * bodyBytes;
  }

  /** Compares, records in a report and views it; asserts every bound on the way. */
  static List<Difference> comparesWithinBounds(
      CompareOptions options, ResponseSnapshot legacy, ResponseSnapshot modern) {
    BoundedRun.Outcome<List<Difference>> outcome =
        BoundedRun.run(
            () -> {
              List<Difference> differences = ResponseComparator.of(options).compare(legacy, modern);
              DiffReport report =
                  DiffReport.create(
                      "fuzz", NoiseThresholds.defaults(), IGNORE_EXPRESSIONS, 50, 2, CLOCK);
              report.record("r1", differences, differences);
              report.record("r2", differences, null);
              report.view();
              return differences;
            });
    assertThat(outcome.thrown()).as(() -> "thrown: " + stackTrace(outcome.thrown())).isNull();
    List<Difference> differences = outcome.value();
    assertThat(differences).hasSizeLessThanOrEqualTo(ResponseComparator.MAX_DIFFERENCES);
    for (Difference difference : differences) {
      assertThat(difference.path()).hasSizeLessThanOrEqualTo(ResponseComparator.MAX_PATH_CHARS);
      switch (difference.kind()) {
        case MISSING -> assertThat(difference.modernValue()).isNull();
        case EXTRA -> assertThat(difference.legacyValue()).isNull();
        default -> {}
      }
    }
    long bytes = legacy.bodyLength() + modern.bodyLength();
    assertThat(outcome.allocatedBytes())
        .as("bytes allocated comparing %d bytes", bytes)
        .isLessThan(allocationBound(bytes));
    return differences;
  }

  private static String stackTrace(Throwable thrown) {
    if (thrown == null) {
      return "nothing";
    }
    java.io.StringWriter trace = new java.io.StringWriter();
    thrown.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString();
  }

  static ResponseSnapshot json(String body) {
    return ResponseSnapshot.of(
        200,
        Map.of("Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 400)
  void compare_documentAndItsEditedVersion_givesABoundedReport(
      @ForAll long seed, @ForAll("options") CompareOptions options) {
    JsonDocuments.Value[] pair = JsonDocuments.pair(seed);

    comparesWithinBounds(
        options,
        json(JsonDocuments.write(pair[0], seed, false)),
        json(JsonDocuments.write(pair[1], seed + 1, true)));
  }

  @Property(tries = 300)
  void compare_sameDocumentWrittenDifferently_hasNoDifference(
      @ForAll long seed, @ForAll("options") CompareOptions options) {
    JsonDocuments.Value document = JsonDocuments.arbitrary(seed);

    List<Difference> differences =
        comparesWithinBounds(
            options,
            json(JsonDocuments.write(document, seed, false)),
            json(JsonDocuments.write(document, seed + 1, true)));

    assertThat(differences).isEmpty();
  }

  /** Without a tolerance equality is transitive, so first-fit pairing finds the same pairs. */
  @Property(tries = 300)
  void compare_withoutTolerance_isEqualBothWaysOrNeither(
      @ForAll long seed, @ForAll boolean ignoreArrayOrder) {
    JsonDocuments.Value[] pair = JsonDocuments.pair(seed);
    CompareOptions options = new CompareOptions(java.util.Set.of(), List.of(), ignoreArrayOrder, 0);
    ResponseSnapshot legacy = json(JsonDocuments.write(pair[0], seed, false));
    ResponseSnapshot modern = json(JsonDocuments.write(pair[1], seed, false));

    assertThat(comparesWithinBounds(options, legacy, modern).isEmpty())
        .isEqualTo(comparesWithinBounds(options, modern, legacy).isEmpty());
  }

  @Property(tries = 300)
  void compare_anyBytesAsJson_givesABoundedReport(
      @ForAll @Size(max = 200) byte[] legacy,
      @ForAll @Size(max = 200) byte[] modern,
      @ForAll("options") CompareOptions options) {
    comparesWithinBounds(
        options,
        ResponseSnapshot.of(200, Map.of("Content-Type", List.of("application/json")), legacy),
        ResponseSnapshot.of(200, Map.of("Content-Type", List.of("text/plain")), modern));
    comparesWithinBounds(
        options,
        ResponseSnapshot.of(200, Map.of("Content-Type", List.of("application/json")), legacy),
        ResponseSnapshot.of(200, Map.of("Content-Type", List.of("application/json")), modern));
  }

  @Property(tries = 30)
  void compare_anyNestingDepth_givesABoundedReport(
      @ForAll @IntRange(min = 1, max = 5000) int depth,
      @ForAll boolean arrays,
      @ForAll("options") CompareOptions options) {
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";

    comparesWithinBounds(
        options,
        json(open.repeat(depth) + "1" + close.repeat(depth)),
        json(open.repeat(depth) + "2" + close.repeat(depth)));
  }

  /**
   * Arrays whose elements all share a pairing hash but are not equivalent: numbers under a
   * tolerance, strings with equal {@code hashCode}s ("Aa" and "BB" in any combination).
   */
  @Property(tries = 12)
  void compare_multisetsOfLookAlikes_givesABoundedReport(
      @ForAll @IntRange(min = 1, max = 20_000) int size, @ForAll boolean numbers) {
    StringBuilder legacy = new StringBuilder("[");
    StringBuilder modern = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      legacy.append(i == 0 ? "" : ",").append(numbers ? 2 * i : collidingString(i, "Aa", "BB"));
      modern.append(i == 0 ? "" : ",").append(numbers ? 2 * i + 1 : collidingString(i, "BB", "Aa"));
    }
    CompareOptions options =
        new CompareOptions(java.util.Set.of(), List.of(), true, numbers ? 0.1 : 0);

    comparesWithinBounds(
        options, json(legacy.append(']').toString()), json(modern.append(']').toString()));
  }

  /** Many differences under one long member name: paths are cut, the list is bounded. */
  @Property(tries = 10)
  void compare_manyDifferencesUnderALongName_givesABoundedReport(
      @ForAll @IntRange(min = 1, max = 100_000) int nameLength,
      @ForAll @IntRange(min = 1, max = 20_000) int elements) {
    String name = "n".repeat(nameLength);
    String values = "1,".repeat(elements - 1) + "1";

    comparesWithinBounds(
        CompareOptions.defaults(),
        json("{\"" + name + "\":[" + values + "]}"),
        json("{\"" + name + "\":[]}"));
  }

  @Provide
  Arbitrary<CompareOptions> options() {
    return Combinators.combine(
            IGNORE_EXPRESSIONS_ARBITRARY(),
            Arbitraries.of(true, false),
            Arbitraries.of(0.0, 0.001, 1.0, 1e308))
        .as(
            (ignore, unordered, tolerance) ->
                new CompareOptions(java.util.Set.of(), ignore, unordered, tolerance));
  }

  private static Arbitrary<List<String>> IGNORE_EXPRESSIONS_ARBITRARY() {
    return Arbitraries.of(IGNORE_EXPRESSIONS).list().ofMaxSize(2);
  }

  /** Element {@code i} as a string of "Aa"/"BB" pairs by the bits of i: all share a hashCode. */
  private static String collidingString(int i, String zero, String one) {
    StringBuilder text = new StringBuilder("\"");
    for (int bit = 0; bit < 16; bit++) {
      text.append(((i >> bit) & 1) == 0 ? zero : one);
    }
    return text.append('"').toString();
  }
}
