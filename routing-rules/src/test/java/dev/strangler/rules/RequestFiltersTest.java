package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys modern-filters, legacy-filters and preserve-host, read through the filter SPI. */
class RequestFiltersTest {

  static final String ROUTE =
      """
      legacy: http://legacy:8080
      routes:
        - id: orders
          paths: [/api/orders/**, /shop/orders/*]
          modern: http://orders-v2:8080
          mode: canary
      """;

  final TestFilterFactory factory = new TestFilterFactory();

  final RulesParser parser = RulesParser.of(SegmentPathMatcherFactory.INSTANCE, factory);

  RouteRule route(String keys) {
    return parser.parse(ROUTE + keys).routes().get(0);
  }

  List<String> violations(String keys) {
    return assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> parser.parse(ROUTE + keys))
        .actual()
        .violations()
        .stream()
        .map(RuleViolation::toString)
        .toList();
  }

  @Test
  void noFilterKeys_noFilters_backendsHost() {
    RouteRule route = route("");

    assertThat(route.modernFilters()).isEmpty();
    assertThat(route.legacyFilters()).isEmpty();
    assertThat(route.preserveHost()).isFalse();
    assertThat(factory.compiled).isEmpty();
  }

  @Test
  void shortcutEntries_compiledInOrder_withTheirRouteSideAndPaths() {
    RouteRule route =
        route(
            """
                modern-filters: [StripPrefix=1, "SetRequestHeader=X-Migrated, yes"]
                legacy-filters: [SetPath=/legacy/orders]
            """);

    assertThat(route.modernFilters())
        .extracting(filter -> filter.entry().toString())
        .containsExactly("StripPrefix=1", "SetRequestHeader=X-Migrated, yes");
    TestFilterFactory.Compiled first =
        route.modernFilters().get(0).compiled(TestFilterFactory.Compiled.class);
    assertThat(first.site())
        .isEqualTo(
            new FilterSite("orders", Target.MODERN, List.of("/api/orders/**", "/shop/orders/*")));
    assertThat(first.entry().name()).isEqualTo("StripPrefix");
    assertThat(route.filters(Target.LEGACY)).isEqualTo(route.legacyFilters());
    assertThat(
            route.legacyFilters().get(0).compiled(TestFilterFactory.Compiled.class).site().side())
        .isEqualTo(Target.LEGACY);
    assertThat(route.legacyFilters().get(0).compiled(TestFilterFactory.Compiled.class).site().key())
        .isEqualTo("legacy-filters");
  }

  @Test
  void namedEntry_argumentsFlattenedAsSpringBootBindsThem() {
    RouteRule route =
        route(
            """
                modern-filters:
                  - name: RequestSize
                    args:
                      maxSize: 1MB
                      limiter: {replenishRate: 10, burst: 2.5, enabled: true}
                      keyValues: [a, b]
            """);

    FilterEntry entry = route.modernFilters().get(0).entry();
    assertThat(entry.shortcut()).isNull();
    assertThat(entry.args())
        .containsExactly(
            Map.entry("maxSize", "1MB"),
            Map.entry("limiter.replenishRate", "10"),
            Map.entry("limiter.burst", "2.5"),
            Map.entry("limiter.enabled", "true"),
            Map.entry("keyValues[0]", "a"),
            Map.entry("keyValues[1]", "b"));
    assertThat(entry)
        .hasToString(
            "RequestSize {maxSize: 1MB, limiter.replenishRate: 10, limiter.burst: 2.5,"
                + " limiter.enabled: true, keyValues[0]: a, keyValues[1]: b}");
  }

  @Test
  void unknownName_refusedWithThePathOfTheEntryAndTheFactorysExpectation() {
    assertThat(violations("    modern-filters: [StripPrefix=1, Foo=1]\n"))
        .containsExactly(
            "routes[0].modern-filters[1]: Foo=1 (expected: " + TestFilterFactory.EXPECTED + ")");
  }

  @Test
  void expressionInAShortcut_refusedBeforeTheFactorySeesIt() {
    assertThat(violations("    legacy-filters: [\"SetPath=#{@environment}\"]\n"))
        .containsExactly(
            "routes[0].legacy-filters[0]: SetPath=#{@environment} (expected: no #{ in a filter:"
                + " no expression is evaluated from the rules file)");
    assertThat(factory.compiled).isEmpty();
  }

  @Test
  void expressionInANamedArgument_orItsName_refusedBeforeTheFactorySeesIt() {
    assertThat(
            violations(
                """
                    modern-filters:
                      - {name: RequestSize, args: {maxSize: " #{T(java.lang.Runtime)}"}}
                      - {name: RequestSize, args: {"#{1}": 1}}
                """))
        .containsExactly(
            "routes[0].modern-filters[0]: RequestSize {maxSize:  #{T(java.lang.Runtime)}}"
                + " (expected: no #{ in a filter: no expression is evaluated from the rules"
                + " file)",
            "routes[0].modern-filters[1]: RequestSize {#{1}: 1} (expected: no #{ in a filter:"
                + " no expression is evaluated from the rules file)");
    assertThat(factory.compiled).isEmpty();
  }

  @Test
  void malformedEntries_refusedWithTheirPaths() {
    assertThat(
            violations(
                """
                    modern-filters: [1, "", "=1", {nme: StripPrefix}, {name: RequestSize, args: [1]}]
                    legacy-filters: StripPrefix=1
                """))
        .containsExactly(
            "routes[0].modern-filters[0]: 1 (expected: " + FilterEntry.EXPECTATION + ")",
            "routes[0].modern-filters[1]: '' (expected: " + FilterEntry.EXPECTATION + ")",
            "routes[0].modern-filters[2]: =1 (expected: " + FilterEntry.EXPECTATION + ")",
            "routes[0].modern-filters[3].nme: StripPrefix (expected: one of name, args)",
            "routes[0].modern-filters[3].name: <missing> (expected: a filter name)",
            "routes[0].modern-filters[4].args: [1] (expected: a mapping of argument names to"
                + " values)",
            "routes[0].legacy-filters: StripPrefix=1 (expected: a list of filters)");
  }

  @Test
  void nullArgument_refusedWithItsPath() {
    assertThat(violations("    modern-filters: [{name: RequestSize, args: {maxSize: null}}]\n"))
        .containsExactly(
            "routes[0].modern-filters[0].args.maxSize: null (expected: a string, number or"
                + " boolean)");
  }

  @Test
  void parserWithoutAFilterFactory_refusesEveryEntry_butReadsPreserveHost() {
    RulesParser plain = RulesParser.of(SegmentPathMatcherFactory.INSTANCE);

    assertThat(plain.parse(ROUTE + "    preserve-host: true\n").routes().get(0).preserveHost())
        .isTrue();
    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> plain.parse(ROUTE + "    modern-filters: [StripPrefix=1]\n"))
        .withMessageContaining(
            "routes[0].modern-filters[0]: StripPrefix=1 (expected: no filters (this parser has no"
                + " filter factory))");
  }

  @Test
  void preserveHost_notABoolean_refused() {
    assertThat(violations("    preserve-host: yes please\n"))
        .containsExactly("routes[0].preserve-host: yes please (expected: true or false)");
  }

  @Test
  void sameFiltersInTwoParses_sameRoute_soAReloadLeavesItUnchanged() {
    String keys = "    modern-filters: [StripPrefix=1]\n    legacy-filters: [SetPath=/a]\n";

    RouteRule first = route(keys);
    RouteRule second = route(keys);

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
    assertThat(route("    modern-filters: [StripPrefix=2]\n")).isNotEqualTo(first);
  }

  @Test
  void withRollout_keepsTheCompiledFilters() {
    RouteRule route = route("    modern-filters: [StripPrefix=1]\n    preserve-host: true\n");

    RouteRule moved = route.withRollout(new Rollout(Mode.MODERN, Percent.of("100")));

    assertThat(moved.modernFilters().get(0)).isSameAs(route.modernFilters().get(0));
    assertThat(moved.preserveHost()).isTrue();
  }

  @Test
  void invalidRouteIdAndPaths_filtersStillChecked_everyProblemListed() {
    String yaml =
        """
        legacy: http://legacy:8080
        routes:
          - id: Orders!
            paths: [orders]
            modern: http://orders-v2:8080
            mode: canary
            modern-filters: [Foo=1, StripPrefix=1]
        """;

    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> parser.parse(yaml))
        .satisfies(
            refused ->
                assertThat(refused.violations())
                    .extracting(RuleViolation::path)
                    .containsExactly(
                        "routes[0].id", "routes[0].paths[0]", "routes[0].modern-filters[0]"));
    assertThat(factory.compiled)
        .extracting(FilterEntry::toString)
        .containsExactly("Foo=1", "StripPrefix=1");
  }

  @Test
  void filterEntry_shortcutWithNamedArguments_isRefusedByTheRecord() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new FilterEntry("StripPrefix", "StripPrefix=1", Map.of("parts", "1")));
    assertThatIllegalArgumentException().isThrownBy(() -> FilterEntry.shortcut("=1"));
  }

  @Test
  void requestFilter_compiledAsAnotherType_isAClassCastException() {
    RequestFilter filter = RequestFilter.of(FilterEntry.shortcut("StripPrefix=1"), "compiled");

    assertThat(filter.compiled(String.class)).isEqualTo("compiled");
    assertThatExceptionOfType(ClassCastException.class)
        .isThrownBy(() -> filter.compiled(Integer.class));
  }
}
