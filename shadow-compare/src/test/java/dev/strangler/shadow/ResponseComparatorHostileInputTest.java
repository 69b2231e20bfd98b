package dev.strangler.shadow;

import static dev.strangler.shadow.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The corpus of what fuzzing the JSON diff found ({@link ResponseComparatorFuzzTest}), and the
 * hostile shapes of issue 11, as examples: each states the report two such bodies get.
 */
class ResponseComparatorHostileInputTest {

  private static final ResponseComparator EXACT = ResponseComparator.of(CompareOptions.defaults());

  private static ResponseComparator multiset(double tolerance) {
    return ResponseComparator.of(new CompareOptions(Set.of(), List.of(), true, tolerance));
  }

  /**
   * Found by the fuzzer: without a budget, pairing arrays nested in arrays under {@code
   * ignoreArrayOrder} re-checked each level's subtree twice per level, 2^depth times: a 74-byte
   * body took tens of megabytes and a few hundred bytes would never end.
   */
  @Test
  void nestedMultisets_differingDeepDown_endWithOneDifference() {
    int depth = 200;
    String legacy = "[".repeat(depth) + "1" + "]".repeat(depth);
    String modern = "[".repeat(depth) + "2" + "]".repeat(depth);

    List<Difference> differences = multiset(0.001).compare(json(legacy), json(modern));

    assertThat(differences)
        .extracting(Difference::path, Difference::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("$[*]", DiffKind.MISSING),
            org.assertj.core.groups.Tuple.tuple("$[*]", DiffKind.EXTRA));
  }

  /**
   * Elements that all share a pairing hash but are never equivalent (numbers under a tolerance,
   * strings with colliding hash codes) paired in quadratic time: 20 000 of them took 200 million
   * equivalence checks. The budget ends the pairing; what it did not pair is reported, within the
   * bound on differences.
   */
  @Test
  void multisetOfLookAlikeNumbers_isReportedWithinTheBounds() {
    StringBuilder legacy = new StringBuilder("[0");
    StringBuilder modern = new StringBuilder("[1");
    for (int i = 1; i < 20_000; i++) {
      legacy.append(',').append(2 * i);
      modern.append(',').append(2 * i + 1);
    }

    List<Difference> differences = multiset(0.1).compare(json(legacy + "]"), json(modern + "]"));

    assertThat(differences).hasSize(ResponseComparator.MAX_DIFFERENCES);
    assertThat(differences)
        .allSatisfy(difference -> assertThat(difference.path()).isEqualTo("$[*]"));
  }

  @Test
  void multisetOfEqualLookAlikes_inAnotherOrder_isEqual() {
    List<String> colliding = List.of("\"AaAa\"", "\"AaBB\"", "\"BBAa\"", "\"BBBB\"");
    List<String> reversed = List.of("\"BBBB\"", "\"BBAa\"", "\"AaBB\"", "\"AaAa\"");

    List<Difference> differences =
        multiset(0)
            .compare(
                json("[" + String.join(",", colliding) + "]"),
                json("[" + String.join(",", reversed) + "]"));

    assertThat(differences).isEmpty();
  }

  /**
   * Each difference held its whole path: a 40 000-character member name (Jackson reads names up to
   * 50 000) over 20 000 differing elements was 800 MB of paths. Paths are cut and the list is
   * bounded.
   */
  @Test
  void manyDifferencesUnderALongName_areBoundedInCountAndPathLength() {
    String name = "n".repeat(40_000);
    String values = "1,".repeat(19_999) + "1";

    List<Difference> differences =
        EXACT.compare(json("{\"" + name + "\":[" + values + "]}"), json("{\"" + name + "\":[]}"));

    assertThat(differences).hasSize(ResponseComparator.MAX_DIFFERENCES);
    assertThat(differences.get(0).path())
        .hasSize(ResponseComparator.MAX_PATH_CHARS)
        .startsWith("$.nnnn")
        .endsWith("n…");
    assertThat(differences.get(0).kind()).isEqualTo(DiffKind.MISSING);
  }

  @Test
  void pathCut_neverSplitsASurrogatePair() {
    String name = "n".repeat(ResponseComparator.MAX_PATH_CHARS - 4) + "😀😀";

    List<Difference> differences =
        EXACT.compare(json("{\"" + name + "\":1}"), json("{\"" + name + "\":2}"));

    String path = differences.get(0).path();
    assertThat(path).hasSizeLessThanOrEqualTo(ResponseComparator.MAX_PATH_CHARS).endsWith("…");
    assertThat(Character.isHighSurrogate(path.charAt(path.length() - 2))).isFalse();
  }

  @Test
  void differences_pastTheBound_stopTheWalkAfterStatusAndHeaders() {
    StringBuilder legacy = new StringBuilder("{");
    StringBuilder modern = new StringBuilder("{");
    for (int i = 0; i < 2000; i++) {
      legacy.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":1");
      modern.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":2");
    }

    List<Difference> differences = EXACT.compare(json(200, legacy + "}"), json(500, modern + "}"));

    assertThat(differences).hasSize(ResponseComparator.MAX_DIFFERENCES);
    assertThat(differences.get(0).kind()).isEqualTo(DiffKind.STATUS);
    assertThat(differences.get(1).path()).isEqualTo("$.m0");
    assertThat(differences.get(999).path()).isEqualTo("$.m998");
  }

  @Test
  void differences_pastTheBound_inHeaders_leaveTheBodyUncompared() {
    java.util.Map<String, List<String>> legacyHeaders = new java.util.HashMap<>();
    java.util.Map<String, List<String>> modernHeaders = new java.util.HashMap<>();
    for (int i = 0; i < 1200; i++) {
      legacyHeaders.put(String.format("x-h%04d", i), List.of("a"));
      modernHeaders.put(String.format("x-h%04d", i), List.of("b"));
    }
    legacyHeaders.put("content-type", List.of("text/plain"));
    modernHeaders.put("content-type", List.of("text/plain"));

    List<Difference> differences =
        EXACT.compare(
            ResponseSnapshot.of(
                200, legacyHeaders, "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            ResponseSnapshot.of(
                200, modernHeaders, "{\"a\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(differences).hasSize(ResponseComparator.MAX_DIFFERENCES);
    assertThat(differences.get(999).path()).isEqualTo("header:x-h0999");
  }

  @Test
  void nesting_pastTheBound_isComparedAsBytes() {
    int depth = ResponseComparator.MAX_NESTING_DEPTH + 1;
    String legacy = "[".repeat(depth) + "1" + "]".repeat(depth);
    String modern = "[".repeat(depth) + "2" + "]".repeat(depth);

    assertThat(EXACT.compare(json(legacy), json(modern)))
        .singleElement()
        .satisfies(
            difference -> {
              assertThat(difference.path()).isEqualTo("$");
              assertThat(difference.legacyValue()).isEqualTo(legacy);
            });
  }

  @Test
  void nesting_atTheBound_isComparedStructurally() {
    int depth = ResponseComparator.MAX_NESTING_DEPTH;
    String legacy = "[".repeat(depth) + "1" + "]".repeat(depth);
    String modern = "[".repeat(depth) + "2" + "]".repeat(depth);

    assertThat(EXACT.compare(json(legacy), json(modern)))
        .singleElement()
        .satisfies(
            difference -> {
              assertThat(difference.path())
                  .hasSize(ResponseComparator.MAX_PATH_CHARS)
                  .startsWith("$[0][0][0]")
                  .endsWith("…");
              assertThat(difference.kind()).isEqualTo(DiffKind.VALUE);
            });
  }

  @Test
  void numbers_hugeExponents_areComparedWithoutWritingThemOut() {
    assertThat(EXACT.compare(json("[1e999999999]"), json("[1e999999999]"))).isEmpty();
    assertThat(
            ResponseComparator.of(new CompareOptions(Set.of(), List.of(), false, 0.5))
                .compare(
                    json("[123456789012345678901234567890, 1e-999999999]"), json("[1e400, 0]")))
        .extracting(Difference::path)
        .containsExactly("$[0]");
  }

  /** Jackson's byte parser refuses a lone surrogate in a member name; such bodies are bytes. */
  @Test
  void loneSurrogateInAName_isComparedAsBytes() {
    assertThat(EXACT.compare(json("{\"\\ud800\":1}"), json("{\"\\ud800\":2}")))
        .singleElement()
        .satisfies(difference -> assertThat(difference.path()).isEqualTo("$"));
  }

  @Test
  void duplicateMembers_theLastOneCounts() {
    assertThat(EXACT.compare(json("{\"a\":1,\"a\":2}"), json("{\"a\":2}"))).isEmpty();
  }

  @Test
  void reportOfCutPaths_redactsTheirSamplesWhole() {
    String name = "n".repeat(2 * ResponseComparator.MAX_PATH_CHARS);
    List<Difference> differences =
        EXACT.compare(
            json("{\"" + name + "\":{\"secret\":1}}"), json("{\"" + name + "\":{\"secret\":2}}"));
    DiffReport report =
        DiffReport.create(
            "orders",
            NoiseThresholds.defaults(),
            List.of("$..secret"),
            10,
            1,
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    report.record("r1", differences, null);

    assertThat(report.view().fields())
        .singleElement()
        .satisfies(
            field ->
                assertThat(field.samples())
                    .singleElement()
                    .satisfies(
                        sample -> {
                          assertThat(sample.legacy()).isEqualTo(Redactor.REDACTED);
                          assertThat(sample.modern()).isEqualTo(Redactor.REDACTED);
                        }));
  }
}
