package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Target lists: their entries, bounds and problems, in the file and as values. */
class TargetsTest {

  private static List<String> problems(List<String> modern, List<String> legacy) {
    return Targets.check(modern, legacy, "routes[0].targets.").stream()
        .map(RuleViolation::toString)
        .toList();
  }

  @Test
  void entries_keysAndHeaderMatches_areAccepted() {
    Targets targets =
        new Targets(
            List.of("alice", "header:X-Tenant=beta", "HEADER:x-plan=gold plus"), List.of("carol"));

    assertThat(targets.hasKeys()).isTrue();
    assertThat(targets.isEmpty()).isFalse();
    assertThat(new Targets(List.of("header:X-Tenant=beta"), List.of()).hasKeys()).isFalse();
    assertThat(Targets.NONE.isEmpty()).isTrue();
  }

  @Test
  void sameKeyOnBothLists_isRefused() {
    assertThat(problems(List.of("alice", "bob"), List.of("carol", "bob")))
        .containsExactly(
            "routes[0].targets.legacy[1]: bob (expected: an entry listed once;"
                + " routes[0].targets.modern[1] has it already)");
  }

  @Test
  void sameHeaderMatchInAnotherCase_onBothLists_isRefused() {
    assertThat(problems(List.of("header:X-Tenant=beta"), List.of("header:x-tenant=beta")))
        .containsExactly(
            "routes[0].targets.legacy[0]: header:x-tenant=beta (expected: an entry listed once;"
                + " routes[0].targets.modern[0] has it already)");
  }

  @Test
  void malformedEntries_areRefusedEachWithItsPath() {
    assertThat(
            problems(
                List.of("", " alice", "header:=beta", "header:X Tenant=beta", "header:X-Tenant="),
                List.of("header:X-Tenant", "a\tb", "x".repeat(257))))
        .containsExactly(
            "routes[0].targets.modern[0]: '' (expected: a sticky key such as alice, or a header"
                + " match header:NAME=value)",
            "routes[0].targets.modern[1]:  alice (expected: no space at either end, in a sticky"
                + " key such as alice, or a header match header:NAME=value)",
            "routes[0].targets.modern[2]: header:=beta (expected: header:NAME=value with a header"
                + " name and a value)",
            "routes[0].targets.modern[3]: header:X Tenant=beta (expected: header:NAME=value with a"
                + " header name made of token characters)",
            "routes[0].targets.modern[4]: header:X-Tenant= (expected: header:NAME=value with a"
                + " value, no space at either end)",
            "routes[0].targets.legacy[0]: header:X-Tenant (expected: header:NAME=value with a"
                + " header name and a value)",
            "routes[0].targets.legacy[1]: a?b (expected: no control characters, in a sticky key"
                + " such as alice, or a header match header:NAME=value)",
            "routes[0].targets.legacy[2]: "
                + "x".repeat(80)
                + "… (expected: at most 256 characters)");
  }

  @Test
  void tenThousandEntries_areAccepted_oneMoreIsRefused() {
    List<String> modern = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      modern.add("user-" + i);
    }
    List<String> legacy = new ArrayList<>();
    for (int i = 6000; i < Targets.MAX_ENTRIES; i++) {
      legacy.add("user-" + i);
    }

    assertThat(new Targets(modern, legacy).modern()).hasSize(6000);
    legacy.add("one-too-many");
    assertThat(problems(modern, legacy))
        .containsExactly(
            "routes[0].targets: 10001 entries (expected: at most 10000 entries on modern and"
                + " legacy together)");
  }

  @Test
  void headerMatchesOnSeventeenNames_areRefused() {
    List<String> modern = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      modern.add("header:X-Name-" + i + "=v");
    }

    assertThat(problems(modern, List.of()))
        .containsExactly(
            "routes[0].targets.modern[16]: header:X-Name-16=v (expected: header matches on at"
                + " most 16 different header names)");
    assertThat(problems(Collections.nCopies(1, "header:X-A=1"), List.of("header:X-A=2"))).isEmpty();
  }

  @Test
  void constructor_refusesWhatCheckReports() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Targets(List.of("bob"), List.of("bob")))
        .withMessage("legacy[0]: bob (expected: an entry listed once; modern[0] has it already)");
  }

  // in the rules file

  private static String route(String stickyBy, String targets) {
    return """
    legacy: http://legacy:8080
    routes:
      - id: orders
        paths: [/api/orders/**]
        modern: http://orders-v2:8080
        mode: canary
        %s
        targets: %s
    """
        .formatted(stickyBy, targets);
  }

  @Test
  void rulesFile_targets_areParsedInOrder() {
    RouteRule route =
        Fixtures.rules(
                route(
                    "sticky-by: [header:X-User-Id]",
                    "{modern: [alice, \"header:X-Tenant=beta\"], legacy: [carol]}"))
            .routes()
            .get(0);

    assertThat(route.targets())
        .isEqualTo(new Targets(List.of("alice", "header:X-Tenant=beta"), List.of("carol")));
  }

  @Test
  void rulesFile_keysWithoutStickySources_areRefused_headerMatchesAccepted() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Fixtures.rules(route("salt: s", "{modern: [alice, \"header:X-A=1\"]}")))
        .withMessageContaining(
            "routes[0].targets.modern[0]: alice (expected: header matches only"
                + " (header:NAME=value), as the route has no sticky-by source to give keys)");
    assertThat(
            Fixtures.rules(route("salt: s", "{modern: [\"header:X-A=1\"]}"))
                .routes()
                .get(0)
                .targets()
                .modern())
        .containsExactly("header:X-A=1");
  }

  @Test
  void rulesFile_badTargets_areListedWithPaths() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Fixtures.rules(
                    route("sticky-by: [ip]", "{modern: [bob, 42], legacy: [bob], everyone: []}")))
        .satisfies(
            e ->
                assertThat(((RulesValidationException) e).violations())
                    .extracting(RuleViolation::toString)
                    .containsExactly(
                        "routes[0].targets.everyone: [] (expected: one of modern, legacy)",
                        "routes[0].targets.modern[1]: 42 (expected: a sticky key such as alice, or"
                            + " a header match header:NAME=value, quoted as a string)"));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Fixtures.rules(route("sticky-by: [ip]", "{modern: [bob], legacy: [bob]}")))
        .withMessageContaining(
            "routes[0].targets.legacy[0]: bob (expected: an entry listed once;"
                + " routes[0].targets.modern[0] has it already)");
  }
}
