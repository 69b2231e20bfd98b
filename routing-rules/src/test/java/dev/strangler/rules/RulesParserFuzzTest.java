package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the rules YAML reader (issue 11, part 4): whatever text or bytes it is fed, {@link
 * RulesParser} returns rules or throws a {@link RulesValidationException} with between one and
 * {@value RulesParser#MAX_VIOLATIONS} (plus one that counts the rest) short violations, never
 * another exception, never hangs, and allocates no more than in proportion to the text. The cases
 * these properties found are kept as examples in {@link RulesParserHostileInputTest}.
 */
class RulesParserFuzzTest {

  /** A violation as rendered: path, value and expectation, each cut short by the parser. */
  static final int MAX_VIOLATION_CHARS = 8192;

  /**
   * Bytes a parse may allocate in all (not retain): a constant for the parser's set-up plus a
   * multiple of the text. Generous, to catch blow-ups (an expanded alias, a billion-digit number
   * written out), not to measure.
   */
  static long allocationBound(int chars) {
    return (64L << 20) + 2_000L * chars;
  }

  static void acceptsOrRefuses(String yaml) {
    BoundedRun.Outcome<RulesFile> outcome = BoundedRun.run(() -> Fixtures.PARSER.parse(yaml));
    assertRefusedOnlyWithViolations(outcome.thrown());
    assertThat(outcome.allocatedBytes())
        .as("bytes allocated parsing %d characters", yaml.length())
        .isLessThan(allocationBound(yaml.length()));
  }

  static void assertRefusedOnlyWithViolations(Throwable thrown) {
    if (thrown == null) {
      return;
    }
    assertThat(thrown)
        .as(() -> "thrown: " + stackTrace(thrown))
        .isInstanceOf(RulesValidationException.class);
    List<RuleViolation> violations = ((RulesValidationException) thrown).violations();
    assertThat(violations).isNotEmpty().hasSizeLessThanOrEqualTo(RulesParser.MAX_VIOLATIONS + 1);
    for (RuleViolation violation : violations) {
      assertThat(violation.toString()).hasSizeLessThan(MAX_VIOLATION_CHARS);
    }
  }

  private static String stackTrace(Throwable thrown) {
    java.io.StringWriter trace = new java.io.StringWriter();
    thrown.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString();
  }

  @Property(tries = 300)
  void parse_arbitraryYamlTree_acceptsOrRefusesWithViolations(@ForAll("arbitrary") String yaml) {
    acceptsOrRefuses(yaml);
  }

  @Property(tries = 400)
  void parse_rulesShapedTreeWithOddValues_acceptsOrRefusesWithViolations(
      @ForAll("rulesShaped") String yaml) {
    acceptsOrRefuses(yaml);
  }

  @Property(tries = 300)
  void parse_editedExample_acceptsOrRefusesWithViolations(@ForAll("edited") String yaml) {
    acceptsOrRefuses(yaml);
  }

  @Property(tries = 200)
  void parse_anyText_acceptsOrRefusesWithViolations(@ForAll @Size(max = 300) String text) {
    acceptsOrRefuses(text);
  }

  @Property(tries = 100)
  void parseFile_anyBytes_acceptsOrRefusesWithViolations(@ForAll @Size(max = 300) byte[] bytes)
      throws IOException {
    Path file = Files.createTempFile("rules-fuzz", ".yaml");
    try {
      Files.write(file, bytes);
      BoundedRun.Outcome<RulesFile> outcome = BoundedRun.run(() -> Fixtures.PARSER.parse(file));
      assertRefusedOnlyWithViolations(outcome.thrown());
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 40)
  void parse_anyNestingDepth_refusedPastTheBound(
      @ForAll @IntRange(min = 1, max = 1000) int depth, @ForAll boolean flow) {
    String nested =
        flow
            ? "legacy: http://legacy:8080\nx: " + "[".repeat(depth) + "]".repeat(depth) + "\n"
            : "legacy: http://legacy:8080\nx:\n" + blockNesting(depth);

    BoundedRun.Outcome<RulesFile> outcome = BoundedRun.run(() -> Fixtures.PARSER.parse(nested));

    assertRefusedOnlyWithViolations(outcome.thrown());
    List<RuleViolation> violations = ((RulesValidationException) outcome.thrown()).violations();
    if (depth >= RulesParser.MAX_NESTING_DEPTH) {
      assertThat(violations)
          .singleElement()
          .satisfies(v -> assertThat(v.toString()).contains("nesting depth"));
    } else {
      assertThat(violations).extracting(RuleViolation::path).containsExactly("x");
    }
  }

  /** Billion laughs: each level names the one above it {@code fanOut} times. */
  @Property(tries = 30)
  void parse_aliasBomb_refusedWithoutExpanding(
      @ForAll @IntRange(min = 1, max = 30) int levels,
      @ForAll @IntRange(min = 1, max = 12) int fanOut) {
    StringBuilder yaml = new StringBuilder("legacy: http://legacy:8080\na0: &a0 [lol]\n");
    for (int level = 1; level <= levels; level++) {
      yaml.append('a').append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < fanOut; i++) {
        yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      yaml.append("]\n");
    }

    BoundedRun.Outcome<RulesFile> outcome =
        BoundedRun.run(() -> Fixtures.PARSER.parse(yaml.toString()));

    assertRefusedOnlyWithViolations(outcome.thrown());
    assertThat(((RulesValidationException) outcome.thrown()).violations())
        .first()
        .hasToString(
            "a1[0]: *a0 (expected: the value written out (YAML aliases are not supported))");
    assertThat(outcome.allocatedBytes()).isLessThan(allocationBound(yaml.length()));
  }

  @Property(tries = 12)
  void parse_hugeScalar_acceptedOrRefusedBySize(
      @ForAll @IntRange(min = 1, max = 3 << 20) int length, @ForAll("scalarStyles") String style) {
    String yaml =
        "legacy: http://legacy:8080\nroutes:\n  - id: a\n    salt: "
            + style.replace("x", "x".repeat(length))
            + "\n";

    BoundedRun.Outcome<RulesFile> outcome = BoundedRun.run(() -> Fixtures.PARSER.parse(yaml));

    assertRefusedOnlyWithViolations(outcome.thrown());
    assertThat(outcome.allocatedBytes()).isLessThan(allocationBound(yaml.length()));
    if (yaml.length() > RulesParser.MAX_DOCUMENT_CHARS) {
      assertThat(((RulesValidationException) outcome.thrown()).violations())
          .singleElement()
          .hasToString(
              "<root>: "
                  + yaml.length()
                  + " characters (expected: at most "
                  + RulesParser.MAX_DOCUMENT_CHARS
                  + " characters)");
    }
  }

  @Provide
  Arbitrary<String> arbitrary() {
    return Arbitraries.longs().map(YamlDocuments::arbitrary);
  }

  @Provide
  Arbitrary<String> rulesShaped() {
    return Arbitraries.longs().map(YamlDocuments::rulesShaped);
  }

  @Provide
  Arbitrary<String> edited() {
    String example = Fixtures.resource("/rules/full.yaml");
    return Arbitraries.longs().map(seed -> YamlDocuments.edited(example, seed));
  }

  @Provide
  Arbitrary<String> scalarStyles() {
    return Arbitraries.of("x", "'x'", "\"x\"", "|\n      x", ">\n      x", "[x]");
  }

  @Provide
  Arbitrary<String> wordSeparators() {
    return Arbitraries.of("", " ", "\n      ");
  }

  private static String blockNesting(int depth) {
    StringBuilder yaml = new StringBuilder();
    for (int level = 1; level <= depth; level++) {
      yaml.append(" ".repeat(level)).append("k:\n");
    }
    return yaml.toString();
  }
}
