package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The corpus of what fuzzing the rules reader found ({@link RulesParserFuzzTest}), and the hostile
 * shapes of issue 11, as examples: each states what a rules file of that shape gets.
 */
class RulesParserHostileInputTest {

  private static final String VALID =
      """
      legacy: http://legacy:8080
      routes:
        - id: orders
          paths: [/api/orders/**]
          modern: http://orders-v2:8080
          mode: canary
          percent: 5
      """;

  private static List<String> violations(String yaml) {
    return assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.rules(yaml))
        .actual()
        .violations()
        .stream()
        .map(RuleViolation::toString)
        .toList();
  }

  /**
   * Found by the fuzzer: snakeyaml-engine 3.0.1 overran its buffer with an {@link
   * IndexOutOfBoundsException} when a chunk of 1025 characters ended in the first half of a
   * surrogate pair, so an emoji in a comment at the wrong place broke a valid file.
   */
  @Test
  void supplementaryCharacter_atAnyChunkBoundary_parses() {
    for (int offset = 1000; offset < 1100; offset++) {
      String padding = "#" + "-".repeat(offset - 1) + "😀 padding\n";

      RulesFile rules = Fixtures.rules(padding + VALID);

      assertThat(rules.routes()).as("emoji at %d", offset).hasSize(1);
    }
  }

  /**
   * Jackson reads a YAML alias as the anchor's name, so {@code salt: *base} would have become the
   * salt {@code base}, silently re-bucketing every key.
   */
  @Test
  void alias_isRefusedNotReadAsTheAnchorsName() {
    String yaml =
        VALID.replace("percent: 5", "percent: 5\n    salt: &base orders-2024")
            + """
              - id: carts
                paths: [/api/carts/**]
                modern: http://orders-v2:8080
                mode: canary
                salt: *base
            """;

    assertThat(violations(yaml))
        .containsExactly(
            "routes[1].salt: *base (expected: the value written out (YAML aliases are not"
                + " supported))");
  }

  @Test
  void anchorWithoutAlias_isHarmless() {
    assertThat(Fixtures.rules(VALID.replace("percent: 5", "percent: &p 5")).routes())
        .singleElement()
        .satisfies(route -> assertThat(route.rollout().percent()).isEqualTo(Percent.of("5")));
  }

  /** Billion laughs: twelve levels of ten aliases each would be 10^12 strings once expanded. */
  @Test
  void aliasBomb_isRefusedWithoutExpandingIt() {
    StringBuilder yaml = new StringBuilder("legacy: http://legacy:8080\nlol0: &lol0 [lol]\n");
    for (int level = 1; level <= 12; level++) {
      yaml.append("lol").append(level).append(": &lol").append(level).append(" [");
      yaml.append(("*lol" + (level - 1) + ", ").repeat(9)).append("*lol").append(level - 1);
      yaml.append("]\n");
    }

    List<String> violations = violations(yaml.toString());

    assertThat(violations).hasSize(RulesParser.MAX_VIOLATIONS + 1);
    assertThat(violations.get(0))
        .isEqualTo(
            "lol1[0]: *lol0 (expected: the value written out (YAML aliases are not supported))");
    assertThat(violations.get(100))
        .isEqualTo("<root>: 20 more problems (expected: at most 100 listed; fix these first)");
  }

  @Test
  void number_withHugeExponent_isShownInScientificNotation() {
    assertThat(violations(VALID.replace("percent: 5", "percent: 1e999999999")))
        .containsExactly("routes[0].percent: 1E+999999999 (expected: 0..100)");
  }

  @Test
  void number_withHugeNegativeExponent_isShownInScientificNotation() {
    assertThat(violations(VALID.replace("percent: 5", "percent: 1e-999999999")))
        .containsExactly("routes[0].percent: 1E-999999999 (expected: at most 2 decimals)");
  }

  @Test
  void number_withTooManyDigits_isRefusedByTheReader() {
    assertThat(violations(VALID.replace("percent: 5", "percent: " + "9".repeat(1001))))
        .singleElement()
        .asString()
        .startsWith("<root>: Number value length (1001) exceeds the maximum allowed (1000)")
        .endsWith(
            "(expected: at most 32 levels of mappings and lists, numbers of at most 1000 digits,"
                + " keys of at most 50000 characters)");
  }

  @Test
  void nesting_atTheBound_isReadAsAnyUnknownKey() {
    int depth = RulesParser.MAX_NESTING_DEPTH - 1;
    String yaml = VALID + "x: " + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "\n";

    assertThat(violations(yaml)).singleElement().asString().startsWith("x: [[[");
  }

  @ParameterizedTest
  @ValueSource(ints = {RulesParser.MAX_NESTING_DEPTH, 1000, 5000})
  void nesting_pastTheBound_isRefusedWhileReading(int depth) {
    String yaml = VALID + "x: " + "[".repeat(depth) + "]".repeat(depth) + "\n";

    assertThat(violations(yaml))
        .containsExactly(
            "<root>: Document nesting depth (33) exceeds the maximum allowed (32) at line 8,"
                + " column 36 (expected: at most 32 levels of mappings and lists, numbers of at"
                + " most 1000 digits, keys of at most 50000 characters)");
  }

  @Test
  void document_pastTheBound_isRefusedUnparsed() {
    String yaml = VALID + "#" + "x".repeat(RulesParser.MAX_DOCUMENT_CHARS) + "\n";

    assertThat(violations(yaml))
        .containsExactly(
            "<root>: " + yaml.length() + " characters (expected: at most 1048576 characters)");
  }

  @Test
  void document_exactlyAtTheBound_parses() {
    StringBuilder yaml = new StringBuilder(VALID);
    String comment = "# " + "x".repeat(1000) + "\n";
    while (yaml.length() + comment.length() <= RulesParser.MAX_DOCUMENT_CHARS) {
      yaml.append(comment);
    }
    int rest = RulesParser.MAX_DOCUMENT_CHARS - yaml.length();
    yaml.append('#').append("x".repeat(rest - 2)).append('\n');

    assertThat(yaml).hasSize(RulesParser.MAX_DOCUMENT_CHARS);
    assertThat(Fixtures.rules(yaml.toString()).routes()).hasSize(1);
  }

  @Test
  void line_pastTheBound_isRefusedUnparsed() {
    String yaml = VALID + "# " + "x".repeat(RulesParser.MAX_LINE_CHARS) + "\n";

    assertThat(violations(yaml))
        .containsExactly(
            "<root>: line 8 of 16386 characters (expected: at most 16384 characters a line;"
                + " write long lists one item a line)");
  }

  @Test
  void line_pastTheBound_lastLineWithoutNewline_isRefused() {
    String yaml = VALID + "# " + "x".repeat(RulesParser.MAX_LINE_CHARS);

    assertThat(violations(yaml))
        .containsExactly(
            "<root>: line 8 of 16386 characters (expected: at most 16384 characters a line;"
                + " write long lists one item a line)");
  }

  @Test
  void yamlError_messageOfExactlyTheLimit_isKeptWhole() {
    String key = "k".repeat(172);

    assertThat(violations(VALID + "? " + key + "\n: 1\n? " + key + "\n: 2\n"))
        .singleElement()
        .asString()
        .startsWith("<root>: Duplicate Object property \"" + key + "\" at line ");
  }

  /** SnakeYAML's messages can quote what they stumble on; they are cut to 200 characters. */
  @Test
  void yamlError_longMessage_isCut() {
    String key = "k".repeat(500);

    assertThat(violations(VALID + "? " + key + "\n: 1\n? " + key + "\n: 2\n"))
        .singleElement()
        .asString()
        .startsWith("<root>: Duplicate Object property \"kkk")
        .contains("k… at line ")
        .hasSizeLessThan(300);
  }

  @Test
  void line_atTheBound_parses() {
    String yaml = VALID + "#" + "x".repeat(RulesParser.MAX_LINE_CHARS - 1) + "\n";

    assertThat(Fixtures.rules(yaml).routes()).hasSize(1);
  }

  @Test
  void file_tooLongToHoldTheBound_isRefusedUnread(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] line = ("#" + "x".repeat(1023) + "\n").getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i <= 3 * 1024; i++) {
        out.write(line);
      }
    }

    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.PARSER.parse(file))
        .satisfies(
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new RuleViolation(
                            RuleViolation.FILE,
                            file + " (more than 3145728 bytes)",
                            "a file of at most 1048576 characters")));
  }

  @Test
  void file_exactlyAtTheByteBound_isReadAndJudgedByItsCharacters(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("long.yaml");
    byte[] line = ("#" + "x".repeat(1022) + "\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 3 * 1024; i++) {
        out.write(line);
      }
    }

    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.PARSER.parse(file))
        .satisfies(
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .hasToString(
                        "<root>: 3145728 characters (expected: at most 1048576 characters)"));
  }

  @Test
  void file_withinTheByteBoundButTooManyCharacters_isRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("long.yaml");
    String text = VALID + ("#" + "x".repeat(1023) + "\n").repeat(1100);
    Files.writeString(file, text);

    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.PARSER.parse(file))
        .satisfies(
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .hasToString(
                        "<root>: "
                            + text.length()
                            + " characters (expected: at most 1048576 characters)"));
  }

  @Test
  void manyProblems_listTheFirstHundredAndCountTheRest() {
    StringBuilder yaml = new StringBuilder("legacy: http://legacy:8080\nroutes:\n");
    for (int i = 0; i < 150; i++) {
      yaml.append("  - {id: r").append(i).append(", paths: [/r/").append(i);
      yaml.append("], modern: 'http://m:1', mode: canary, percent: 150}\n");
    }

    List<String> violations = violations(yaml.toString());

    assertThat(violations).hasSize(RulesParser.MAX_VIOLATIONS + 1);
    assertThat(violations.get(0)).isEqualTo("routes[0].percent: 150 (expected: 0..100)");
    assertThat(violations.get(99)).isEqualTo("routes[99].percent: 150 (expected: 0..100)");
    assertThat(violations.get(100))
        .isEqualTo("<root>: 50 more problems (expected: at most 100 listed; fix these first)");
  }

  @Test
  void unknownKey_withALongName_isShortenedInThePath() {
    String key = "k".repeat(10_000);

    assertThat(violations(VALID + "? " + key + "\n: 1\n"))
        .containsExactly("k".repeat(120) + "…: 1 (expected: one of legacy, routes)");
  }

  @Test
  void value_hugeAndNested_isShownByItsFirstCharacters() {
    String yaml = VALID + "x: [[" + "\"" + "y".repeat(10_000) + "\"], 2]\n";

    assertThat(violations(yaml))
        .containsExactly("x: [[\"" + "y".repeat(117) + "… (expected: one of legacy, routes)");
  }

  @Test
  void duplicateKey_nested_isRefused() {
    assertThat(violations(VALID.replace("percent: 5", "percent: 5\n    percent: 6")))
        .singleElement()
        .asString()
        .startsWith("<root>: Duplicate Object property \"percent\"");
  }

  /** Tags of the YAML core schema apply; any other tag is ignored and its value read as written. */
  @Test
  void tags_coreSchemaApplies_othersAreIgnored() {
    assertThat(violations(VALID.replace("percent: 5", "percent: !!str 5")))
        .containsExactly("routes[0].percent: 5 (expected: a number 0..100)");
    assertThat(Fixtures.rules(VALID.replace("mode: canary", "mode: !custom canary")).routes())
        .singleElement()
        .satisfies(route -> assertThat(route.rollout().mode()).isEqualTo(Mode.CANARY));
  }

  @Test
  void controlCharacters_areRefusedAsYaml() {
    assertThat(violations(VALID + "x: \u0000\n"))
        .singleElement()
        .asString()
        .startsWith("<root>: ")
        .endsWith("(expected: valid YAML)");
  }

  @Test
  void loneSurrogate_isRefusedAsYaml() {
    assertThat(violations(VALID + "x: \uD800\n"))
        .singleElement()
        .asString()
        .startsWith("<root>: ")
        .endsWith("(expected: valid YAML)");
  }
}
