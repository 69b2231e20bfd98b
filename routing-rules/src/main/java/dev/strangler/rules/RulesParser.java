package dev.strangler.rules;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and validates a rules file.
 *
 * <p>The YAML is read into a tree and walked by hand, so that every problem is reported with its
 * path, and the walk goes on after a problem: a refused file lists all of them at once in a {@link
 * RulesValidationException}. Defaults are filled in, so the {@link RulesFile} holds effective
 * values. Instances are immutable and thread-safe.
 */
public final class RulesParser {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(
              DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
              DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final int MAX_MESSAGE_LENGTH = 200;

  private final PathMatcherFactory matchers;

  private final RequestFilterFactory filters;

  private RulesParser(PathMatcherFactory matchers, RequestFilterFactory filters) {
    this.matchers = matchers;
    this.filters = filters;
  }

  /**
   * Returns a parser that checks route paths with {@code matchers} and refuses every filter entry
   * ({@link RequestFilterFactory#NONE}).
   *
   * @param matchers compiles path patterns; a pattern it refuses is a violation
   * @return the parser
   */
  public static RulesParser of(PathMatcherFactory matchers) {
    return of(matchers, RequestFilterFactory.NONE);
  }

  /**
   * Returns a parser that checks route paths with {@code matchers} and compiles the entries of
   * {@code modern-filters} and {@code legacy-filters} with {@code filters}.
   *
   * @param matchers compiles path patterns; a pattern it refuses is a violation
   * @param filters compiles filter entries; an entry it refuses is a violation
   * @return the parser
   */
  public static RulesParser of(PathMatcherFactory matchers, RequestFilterFactory filters) {
    return new RulesParser(
        Objects.requireNonNull(matchers, "matchers"), Objects.requireNonNull(filters, "filters"));
  }

  /**
   * Parses a rules file's text.
   *
   * @param yamlText the YAML source
   * @return the rules, with defaults filled in and {@link RulesFile#version()} computed from {@code
   *     yamlText}
   * @throws RulesValidationException listing every problem if the text is not valid YAML or not a
   *     valid rules file
   */
  public RulesFile parse(String yamlText) {
    Objects.requireNonNull(yamlText, "yamlText");
    JsonNode root;
    try {
      root = YAML.readTree(yamlText);
    } catch (JacksonException e) {
      throw new RulesValidationException(
          List.of(new RuleViolation(RuleViolation.ROOT, describe(e), "valid YAML")));
    }
    return new RulesTreeReader(matchers, filters).read(root, RulesFile.versionOf(yamlText));
  }

  /**
   * Reads and parses a rules file.
   *
   * <p>A file that cannot be read (absent, unreadable, not UTF-8) is reported like any other
   * problem, as a violation at path {@value RuleViolation#FILE}, so that a caller that keeps the
   * last good rules on a bad reload handles both the same way.
   *
   * @param file the rules file, UTF-8
   * @return the rules
   * @throws RulesValidationException if the file cannot be read, or listing every problem of its
   *     content
   */
  public RulesFile parse(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new RulesValidationException(
          List.of(new RuleViolation(RuleViolation.FILE, file.toString(), "a UTF-8 text file")));
    } catch (IOException e) {
      throw new RulesValidationException(
          List.of(
              new RuleViolation(
                  RuleViolation.FILE,
                  file.toString(),
                  "a readable file (" + e.getClass().getSimpleName() + ")")));
    }
    return parse(text);
  }

  /**
   * The parser's message on one line. SnakeYAML's messages quote the offending line with a caret
   * under it on indented lines; those are dropped, the location is appended once.
   */
  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Trailing token")) {
      message = "a second YAML document";
    }
    StringBuilder text = new StringBuilder();
    for (String line : (message == null ? e.getClass().getSimpleName() : message).split("\\R")) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        text.append(text.length() == 0 ? "" : "; ").append(line.strip());
      }
    }
    if (text.length() > MAX_MESSAGE_LENGTH) {
      text.setLength(MAX_MESSAGE_LENGTH);
      text.append('…');
    }
    TokenStreamLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      text.append(" at line ").append(location.getLineNr());
      text.append(", column ").append(location.getColumnNr());
    }
    return text.toString();
  }
}
