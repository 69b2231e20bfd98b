package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import org.junit.jupiter.api.Test;

class ShadowComparatorsTest {

  static final RulesParser PARSER = RulesParser.of(new SpringPathPatterns());

  @Test
  void update_settingsTheComparisonRefuses_areNamedByTheRoutesIndex_andCompareWithDefaults() {
    RulesFile rules =
        PARSER.parse(
            """
            legacy: http://legacy:8080
            routes:
              - id: orders
                paths: [/orders/**]
                modern: http://modern:8080
                mode: shadow
                shadow: {compare: {ignore-fields: ["$.meta"]}}
              - id: users
                paths: [/users/**]
                modern: http://modern:8080
                mode: shadow
                shadow: {compare: {ignore-fields: ["$.items["]}}
            """);
    ShadowComparators comparators = new ShadowComparators();

    assertThat(comparators.update(rules))
        .singleElement()
        .asString()
        .startsWith("routes[1].shadow.compare: ")
        .contains("$.items[");
    assertThat(comparators.of("users")).isSameAs(comparators.of("no-such-route"));
    assertThat(comparators.of("orders")).isNotSameAs(comparators.of("no-such-route"));
  }
}
