package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DiffReportViewJsonTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Test
  void view_serializedWithPlainJsonMapper_hasContractShape() {
    DiffReport report =
        DiffReport.create(
            "orders",
            NoiseThresholds.defaults(),
            List.of(),
            10,
            2,
            Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
    report.record(
        "req-1",
        List.of(
            new Difference("$.items[0].price", DiffKind.VALUE, Severity.CHANGED, "9.99", "10.0"),
            new Difference("$.note", DiffKind.EXTRA, Severity.ADDITIVE, null, "\"hi\"")),
        null);
    report.record("req-2", List.of(), null);

    JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(report.view()));

    assertThat(json.propertyNames())
        .containsExactly(
            "route", "compared", "differing", "noise", "diffRate", "evictedFields", "fields");
    assertThat(json.get("route").stringValue()).isEqualTo("orders");
    assertThat(json.get("compared").longValue()).isEqualTo(2);
    assertThat(json.get("differing").longValue()).isEqualTo(1);
    assertThat(json.get("noise").longValue()).isZero();
    assertThat(json.get("diffRate").doubleValue()).isEqualTo(0.5);
    assertThat(json.get("evictedFields").longValue()).isZero();

    JsonNode field = json.get("fields").get(0);
    assertThat(field.propertyNames())
        .containsExactly("path", "kind", "severity", "count", "rate", "noise", "samples");
    assertThat(field.get("path").stringValue()).isEqualTo("$.items[*].price");
    assertThat(field.get("kind").stringValue()).isEqualTo("value");
    assertThat(field.get("severity").stringValue()).isEqualTo("changed");
    assertThat(field.get("count").longValue()).isEqualTo(1);
    assertThat(field.get("rate").doubleValue()).isEqualTo(0.5);
    assertThat(field.get("noise").isBoolean()).isTrue();
    assertThat(field.get("noise").booleanValue()).isFalse();

    JsonNode sample = field.get("samples").get(0);
    assertThat(sample.propertyNames()).containsExactly("legacy", "modern", "requestId", "at");
    assertThat(sample.get("legacy").stringValue()).isEqualTo("9.99");
    assertThat(sample.get("modern").stringValue()).isEqualTo("10.0");
    assertThat(sample.get("requestId").stringValue()).isEqualTo("req-1");
    assertThat(sample.get("at").isString()).isTrue();
    assertThat(sample.get("at").stringValue()).isEqualTo("2025-01-02T03:04:05Z");

    JsonNode extra = json.get("fields").get(1);
    assertThat(extra.get("kind").stringValue()).isEqualTo("extra");
    assertThat(extra.get("severity").stringValue()).isEqualTo("additive");
    assertThat(extra.get("samples").get(0).get("legacy").isNull()).isTrue();
  }
}
