package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.support.PromQl.Matcher;
import dev.strangler.gateway.support.PromQl.Selector;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void selectorsMatchersAndGrouping_areFound_rangesAndFunctionsSkipped() {
    PromQl.Query query =
        PromQl.parse(
            "histogram_quantile(0.99, sum by (route, target, le) (rate(x_bucket{route=~\"$route\","
                + " target=\"modern\"}[$__rate_interval]))) > on (route)"
                + " (y:recorded or vector(0)) * 2 and z offset 5m");

    assertThat(query.selectors())
        .containsExactly(
            new Selector(
                "x_bucket",
                java.util.List.of(
                    new Matcher("route", "=~", "$route"), new Matcher("target", "=", "modern"))),
            new Selector("y:recorded", java.util.List.of()),
            new Selector("z", java.util.List.of()));
    assertThat(query.groupingLabels()).containsExactlyInAnyOrder("route", "target", "le");
  }

  @Test
  void labelReplaceArguments_areNotSelectors() {
    PromQl.Query query =
        PromQl.parse(
            "label_replace(max by (name) (a{state=~\"open|half_open\"}), \"route\", \"$1\","
                + " \"name\", \"(.*)\") == 1");

    assertThat(query.selectors()).extracting(Selector::metric).containsExactly("a");
    assertThat(query.groupingLabels()).containsExactly("name");
  }

  @Test
  void grafanaLabelValues_namesTheSelectorAndTheLabel() {
    PromQl.Query query = PromQl.parse("label_values(m{namespace=~\"$namespace\"}, route)");

    assertThat(query.selectors())
        .containsExactly(
            new Selector("m", java.util.List.of(new Matcher("namespace", "=~", "$namespace"))));
    assertThat(query.labelValuesLabels()).containsExactly("route");
  }

  @Test
  void unreadableInput_failsNamingThePosition() {
    assertThatThrownBy(() -> PromQl.parse("sum(a{route=\"x\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected '}'");
    assertThatThrownBy(() -> PromQl.parse("{route=\"x\"}"))
        .hasMessageContaining("a selector without a metric name");
  }
}
