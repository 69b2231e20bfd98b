package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pairing budget and the bound on differences, below the comparator that sets them. */
class JsonTreeDiffTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final JsonTreeDiff MULTISETS =
      new JsonTreeDiff(PathMatcher.compile(List.of(), "ignoreFields"), true, 0);

  private static List<Difference> compare(String legacy, String modern, long budget) {
    JsonNode legacyTree = MAPPER.readTree(legacy);
    JsonNode modernTree = MAPPER.readTree(modern);
    List<Difference> out = new ArrayList<>();
    MULTISETS.compare(legacyTree, modernTree, out, budget);
    return out;
  }

  @Test
  void pairing_withoutBudget_pairsNothing() {
    assertThat(compare("[1,2]", "[2,1]", 0))
        .extracting(Difference::kind)
        .containsExactly(DiffKind.MISSING, DiffKind.MISSING, DiffKind.EXTRA, DiffKind.EXTRA);
  }

  @Test
  void pairing_withEnoughBudget_pairsEverything() {
    assertThat(compare("[1,2]", "[2,1]", 100)).isEmpty();
  }

  @Test
  void pairing_budgetSpentHalfway_reportsWhatItDidNotPair() {
    assertThat(compare("[1,2,3,4]", "[1,2,4,3]", 2))
        .extracting(Difference::legacyValue, Difference::modernValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("3", null),
            org.assertj.core.groups.Tuple.tuple("4", null),
            org.assertj.core.groups.Tuple.tuple(null, "4"),
            org.assertj.core.groups.Tuple.tuple(null, "3"));
  }

  @Test
  void pairing_budgetSpentInsideAnElement_leavesItUnpaired() {
    assertThat(compare("[{\"a\":1,\"b\":2}]", "[{\"a\":1,\"b\":2}]", 2))
        .extracting(Difference::kind)
        .containsExactly(DiffKind.MISSING, DiffKind.EXTRA);
  }

  @Test
  void differences_alreadyAtTheBound_addNothing() {
    List<Difference> out = new ArrayList<>();
    for (int i = 0; i < ResponseComparator.MAX_DIFFERENCES; i++) {
      out.add(new Difference("status", DiffKind.STATUS, Severity.CHANGED, "200", "201"));
    }

    MULTISETS.compare(MAPPER.readTree("[1]"), MAPPER.readTree("[2]"), out, 100);

    assertThat(out).hasSize(ResponseComparator.MAX_DIFFERENCES);
  }

  /** The budget grows with the bodies: 40 000 reversed elements need more than the minimum. */
  @Test
  void comparator_largeReversedMultiset_getsABudgetInProportionToItsSize() {
    StringBuilder legacy = new StringBuilder("[0");
    StringBuilder modern = new StringBuilder("[39999");
    for (int i = 1; i < 40_000; i++) {
      legacy.append(',').append(i);
      modern.append(',').append(39_999 - i);
    }

    List<Difference> differences =
        ResponseComparator.of(new CompareOptions(Set.of(), List.of(), true, 0))
            .compare(Responses.json(legacy + "]"), Responses.json(modern + "]"));

    assertThat(differences).isEmpty();
  }

  @Test
  void cut_shortPath_isKept_longPathEndsInAnEllipsis() {
    String longest = "$" + "a".repeat(ResponseComparator.MAX_PATH_CHARS - 1);

    assertThat(JsonTreeDiff.cut(longest)).isEqualTo(longest);
    assertThat(JsonTreeDiff.cut(longest + "b"))
        .isEqualTo(longest.substring(0, ResponseComparator.MAX_PATH_CHARS - 1) + "…");
  }
}
