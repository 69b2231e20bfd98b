package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RulesSchemaTest {

  private static final String SCHEMA = Fixtures.resource("/strangler-rules.schema.json");

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private static final Schema VALIDATOR =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(SCHEMA, InputFormat.JSON);

  @Test
  void schema_isDraft202012Json() {
    JsonNode schema = JsonMapper.shared().readTree(SCHEMA);

    assertThat(schema.get("$schema").stringValue())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("additionalProperties").booleanValue()).isFalse();
  }

  @Test
  void schema_describesEveryKeyTheParserKnows() {
    JsonNode schema = JsonMapper.shared().readTree(SCHEMA);
    JsonNode defs = schema.get("$defs");

    assertThat(schema.get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.ROOT_KEYS);
    assertThat(defs.get("route").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.ROUTE_KEYS);
    assertThat(defs.get("fallback").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.FALLBACK_KEYS);
    assertThat(defs.get("circuitBreaker").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.CIRCUIT_BREAKER_KEYS);
    assertThat(defs.get("shadow").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.SHADOW_KEYS);
    assertThat(defs.get("compare").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.COMPARE_KEYS);
    assertThat(defs.get("plan").get("properties").propertyNames())
        .containsExactlyElementsOf(RulesTreeReader.PLAN_KEYS);
  }

  @Test
  void fullExample_passesParserAndSchema() {
    String yaml = Fixtures.resource("/rules/full.yaml");

    assertThat(Fixtures.rules(yaml).routes()).hasSize(4);
    assertThat(validate(yaml)).isEmpty();
  }

  @Test
  void minimalExample_passesSchema() {
    assertThat(validate(Fixtures.resource("/rules/minimal.yaml"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "percent: 150",
        "percent: 12.345",
        "pecent: 5",
        "sticky-by: [body:user]",
        "fallback: {timeout: 5}",
        "fallback: {replay-unsafe: sometimes}",
        "fallback: {circuit-breaker: {failure-rate: 0}}",
        "shadow: {secondary: 'http://legacy-b:8080/path'}",
        "shadow: {compare: {ignore-fields: [meta]}}",
        "plan: {steps: []}",
        "methods: [FETCH]",
        "modern-filters: ['SetPath=#{@bean}']",
        "legacy-filters: [{name: RequestSize, args: {maxSize: '#{1}'}}]",
        "legacy-filters: [{name: RequestSize, args: {'#{T(java.lang.Runtime)}': 1}}]",
        "modern-filters: [{nme: StripPrefix}]",
        "modern-filters: [1]",
        "preserve-host: yes please"
      })
  void schema_refusesWhatTheParserRefuses(String line) {
    String yaml =
        "legacy: http://legacy:8080\nroutes:\n  - id: orders\n    paths: [/a]\n"
            + "    modern: http://m:8080\n    mode: canary\n    "
            + line
            + "\n";

    assertThat(validate(yaml)).isNotEmpty();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Fixtures.rules(yaml)))
        .isInstanceOf(RulesValidationException.class);
  }

  @Test
  void routeId_catchAll_isRefusedBySchemaAndParser() {
    String yaml =
        "legacy: http://legacy:8080\nroutes:\n  - id: catch-all\n    paths: [/a]\n"
            + "    modern: http://m:8080\n    mode: canary\n";

    assertThat(validate(yaml)).isNotEmpty();
    assertThat(validate(yaml.replace("catch-all", "catch-all-v2"))).isEmpty();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Fixtures.rules(yaml)))
        .isInstanceOf(RulesValidationException.class);
  }

  private static List<Error> validate(String yaml) {
    return VALIDATOR.validate(YAML.readTree(yaml));
  }
}
