package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.shadow.JsonPath.Kind;
import dev.strangler.shadow.JsonPath.Segment;
import org.junit.jupiter.api.Test;

class JsonPathTest {

  @Test
  void parse_everyForm_segments() {
    assertThat(JsonPath.parse("$.a['b c'][2][*]..d.*..*", "x"))
        .containsExactly(
            Segment.field("a"),
            Segment.field("b c"),
            Segment.index(2),
            new Segment(Kind.WILDCARD, null, -1),
            new Segment(Kind.DEEP_FIELD, "d", -1),
            new Segment(Kind.WILDCARD, null, -1),
            new Segment(Kind.DEEP_WILDCARD, null, -1));
  }

  @Test
  void appendField_oddNames_readBackByParse() {
    for (String name :
        new String[] {"plain", "a b", "it's", "back\\slash", "x.y", "[0]", "", "é"}) {
      StringBuilder path = new StringBuilder("$");
      JsonPath.appendField(path, name);

      assertThat(JsonPath.parse(path.toString(), "path")).containsExactly(Segment.field(name));
    }
  }

  @Test
  void normalizeIndices_indicesBecomeWildcards_quotedNamesKept() {
    assertThat(JsonPath.normalizeIndices("$.items[3].price")).isEqualTo("$.items[*].price");
    assertThat(JsonPath.normalizeIndices("$[0][12].a")).isEqualTo("$[*][*].a");
    assertThat(JsonPath.normalizeIndices("$['a[1]'][2]")).isEqualTo("$['a[1]'][*]");
    assertThat(JsonPath.normalizeIndices("$['it\\'s [3]'].b")).isEqualTo("$['it\\'s [3]'].b");
    assertThat(JsonPath.normalizeIndices("$.items[*]")).isEqualTo("$.items[*]");
    assertThat(JsonPath.normalizeIndices("header:x-a")).isEqualTo("header:x-a");
    assertThat(JsonPath.normalizeIndices("status")).isEqualTo("status");
  }

  /** Paths cut at {@link ResponseComparator#MAX_PATH_CHARS} or otherwise odd end anywhere. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "$.a[9] | $.a[*]",
        "$.a[0][10] | $.a[*][*]",
        "$.a[ | $.a[",
        "$.a[1 | $.a[1",
        "$.a[12… | $.a[12…",
        "$.a[] | $.a[]",
        "$.a[/] | $.a[/]",
        "$.a[:] | $.a[:]",
        "$.a[x] | $.a[x]",
        "$['abc | $['abc",
        "$['a\\ | $['a\\",
        "$[\"b[1]\"][2] | $[\"b[1]\"][*]",
        "$['a\\'[1]'][3] | $['a\\'[1]'][*]"
      })
  void normalizeIndices_oddOrCutPaths_onlyWholeIndicesReplaced(String path, String field) {
    assertThat(JsonPath.normalizeIndices(path)).isEqualTo(field);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"$[0]", "$[9]", "$[10]", "$.a[2147483647]"})
  void parse_indexOfDigits_isAnIndex(String expression) {
    assertThat(JsonPath.parse(expression, "x"))
        .last()
        .extracting(Segment::kind)
        .isEqualTo(Kind.INDEX);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "$[/] | index, quoted name or * expected at index 2",
        "$[:] | index, quoted name or * expected at index 2",
        "$..[0] | quoted name or * expected at index 4",
        "$[2147483648] | index too large at index 2",
        "$[1 | unclosed [ at index 1",
        "$['a' | unclosed [ at index 1"
      })
  void parse_badBracket_saysWhy(String expression, String reason) {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> JsonPath.parse(expression, "ignoreFields[0]"))
        .withMessage(
            "ignoreFields[0]: "
                + expression
                + " (expected: "
                + JsonPath.EXPECTED
                + "; "
                + reason
                + ")");
  }

  @Test
  void parse_quotedNameWithEscapes_readsTheEscapedCharacters() {
    assertThat(JsonPath.parse("$['it\\'s']['back\\\\slash']", "x"))
        .containsExactly(Segment.field("it's"), Segment.field("back\\slash"));
  }

  @Test
  void parse_backslashAsTheLastCharacter_isAnUnclosedName() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> JsonPath.parse("$['a\\", "ignoreFields[0]"));
  }
}
