package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WireNamesTest {

  @Test
  void diffKind_wireNames_lowerCase() {
    assertThat(DiffKind.values())
        .extracting(DiffKind::wireName)
        .containsExactly("status", "header", "missing", "extra", "type", "value");
  }

  @Test
  void severity_wireNames_lowerCase() {
    assertThat(Severity.values())
        .extracting(Severity::wireName)
        .containsExactly("breaking", "changed", "additive");
  }

  @Test
  void difference_serialized_kindAndSeverityLowerCase() {
    String json =
        JsonMapper.builder()
            .build()
            .writeValueAsString(
                new Difference("$.a", DiffKind.TYPE, Severity.BREAKING, "1", "\"1\""));

    assertThat(json)
        .isEqualTo(
            "{\"path\":\"$.a\",\"kind\":\"type\",\"severity\":\"breaking\","
                + "\"legacyValue\":\"1\",\"modernValue\":\"\\\"1\\\"\"}");
  }
}
