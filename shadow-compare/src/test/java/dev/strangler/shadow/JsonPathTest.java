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
}
