package dev.strangler.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;
import tools.jackson.dataformat.yaml.YAMLReadFeature;

/**
 * Reads and validates a rules file.
 *
 * <p>The YAML is read into a tree and walked by hand, so that every problem is reported with its
 * path, and the walk goes on after a problem: a refused file lists all of them at once in a {@link
 * RulesValidationException}. Defaults are filled in, so the {@link RulesFile} holds effective
 * values. Instances are immutable and thread-safe.
 *
 * <p>Whatever the input, parsing ends in a {@link RulesFile} or a {@link RulesValidationException},
 * in time and memory bounded by the size of the text: documents are at most {@value
 * #MAX_DOCUMENT_CHARS} characters in lines of at most {@value #MAX_LINE_CHARS}, nested at most
 * {@value #MAX_NESTING_DEPTH} levels, YAML aliases are refused rather than expanded, and a refused
 * file lists at most {@value #MAX_VIOLATIONS} problems.
 */
public final class RulesParser {

  /**
   * The longest rules text accepted, in characters (1 MiB of ASCII). A longer text is refused with
   * one violation at {@value RuleViolation#ROOT}, before it is parsed; a file too long to hold that
   * many characters is refused unread.
   */
  public static final int MAX_DOCUMENT_CHARS = 1 << 20;

  /**
   * The longest line accepted, in characters. SnakeYAML copies its look-ahead buffer for every 1
   * KiB it reads of one token (a word, or a line of a block scalar), so the cost of a token grows
   * with the square of its length: a 1 MiB scalar takes seconds, a 50 MB one minutes. Bounding
   * lines bounds tokens. A rules file has no value near this long; write a long list one item a
   * line.
   */
  public static final int MAX_LINE_CHARS = 16_384;

  /**
   * The deepest nesting of YAML mappings and sequences accepted. A rules file needs six levels
   * ({@code routes[0].shadow.compare.ignore-fields[0]}); deeper input is refused while it is read.
   */
  public static final int MAX_NESTING_DEPTH = 32;

  /**
   * The most violations a refused file lists. Past it, one last violation at {@value
   * RuleViolation#ROOT} says how many more were found.
   */
  public static final int MAX_VIOLATIONS = 100;

  private static final String LIMITS_EXPECTATION =
      "at most "
          + MAX_NESTING_DEPTH
          + " levels of mappings and lists, numbers of at most 1000 digits, keys of at most 50000"
          + " characters";

  /** Where Jackson's limit messages name its own API, which means nothing to an operator. */
  private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(", from `[^`]*`");

  private static final String ALIAS_EXPECTATION =
      "the value written out (YAML aliases are not supported)";

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  // The factory builder does not start from the read features' defaults; a key
                  // with no value must read as null (left out), as with YAMLMapper.builder().
                  .enable(YAMLReadFeature.EMPTY_STRING_AS_NULL)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .build())
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
    if (yamlText.length() > MAX_DOCUMENT_CHARS) {
      throw new RulesValidationException(
          List.of(
              new RuleViolation(
                  RuleViolation.ROOT,
                  yamlText.length() + " characters",
                  "at most " + MAX_DOCUMENT_CHARS + " characters")));
    }
    refuseLongLines(yamlText);
    JsonNode root;
    try {
      refuseAliases(yamlText);
      root = YAML.readTree(new SurrogateSafeReader(yamlText));
    } catch (StreamConstraintsException e) {
      throw new RulesValidationException(
          List.of(new RuleViolation(RuleViolation.ROOT, describe(e), LIMITS_EXPECTATION)));
    } catch (JacksonException e) {
      throw new RulesValidationException(
          List.of(new RuleViolation(RuleViolation.ROOT, describe(e), "valid YAML")));
    }
    return new RulesTreeReader(matchers, filters).read(root, RulesFile.versionOf(yamlText));
  }

  private static void refuseLongLines(String yamlText) {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= yamlText.length(); i++) {
      if (i == yamlText.length() || yamlText.charAt(i) == '\n') {
        if (i - start > MAX_LINE_CHARS) {
          throw new RulesValidationException(
              List.of(
                  new RuleViolation(
                      RuleViolation.ROOT,
                      "line " + line + " of " + (i - start) + " characters",
                      "at most "
                          + MAX_LINE_CHARS
                          + " characters a line; write long lists one item"
                          + " a line")));
        }
        line++;
        start = i + 1;
      }
    }
  }

  /**
   * Reads the token stream once to refuse aliases, and documents past the reader's limits with
   * where they are. Jackson does not expand a YAML alias: it reads {@code *name} as the string
   * {@code name}, so {@code salt: *base} would silently become the salt {@code base}. Refusing them
   * also rules out alias bombs.
   */
  private static void refuseAliases(String yamlText) {
    List<RuleViolation> aliases = new ArrayList<>();
    int found = 0;
    try (JsonParser parser = YAML.createParser(new SurrogateSafeReader(yamlText))) {
      YAMLParser yaml = (YAMLParser) parser;
      try {
        while (parser.nextToken() != null) {
          if (yaml.isCurrentAlias() && found++ < MAX_VIOLATIONS) {
            aliases.add(
                new RuleViolation(
                    pathOf(parser.streamReadContext()),
                    "*" + RulesTreeReader.shorten(parser.getString()),
                    ALIAS_EXPECTATION));
          }
        }
      } catch (StreamConstraintsException e) {
        TokenStreamLocation location = parser.currentLocation();
        throw new RulesValidationException(
            List.of(
                new RuleViolation(
                    RuleViolation.ROOT,
                    describe(e)
                        + " at line "
                        + location.getLineNr()
                        + ", column "
                        + location.getColumnNr(),
                    LIMITS_EXPECTATION)));
      }
    }
    if (found > aliases.size()) {
      aliases.add(RulesTreeReader.more(found - aliases.size()));
    }
    if (!aliases.isEmpty()) {
      throw new RulesValidationException(aliases);
    }
  }

  /** The violation path of the value a parser stands on, e.g. {@code routes[0].salt}. */
  private static String pathOf(TokenStreamContext context) {
    List<TokenStreamContext> chain = new ArrayList<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    StringBuilder path = new StringBuilder();
    for (TokenStreamContext c : chain) {
      if (c.inArray()) {
        path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
      } else {
        String name = c.currentName();
        path.append(path.length() == 0 ? "" : ".")
            .append(name == null ? "?" : RulesTreeReader.shorten(name));
      }
    }
    return path.length() == 0 ? RuleViolation.ROOT : path.toString();
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
      text = readBounded(file);
    } catch (DocumentTooLongException e) {
      throw new RulesValidationException(
          List.of(
              new RuleViolation(
                  RuleViolation.FILE,
                  file + " (more than " + e.limit + " bytes)",
                  "a file of at most " + MAX_DOCUMENT_CHARS + " characters")));
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
   * Reads a UTF-8 file, but never more bytes than {@value #MAX_DOCUMENT_CHARS} characters can take
   * (three bytes each, a surrogate pair four), so that a huge file is refused without being read
   * whole; a shorter file that still has too many characters is refused by {@link #parse(String)}.
   */
  private static String readBounded(Path file) throws IOException {
    int limit = 3 * MAX_DOCUMENT_CHARS;
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(limit + 1);
    }
    if (bytes.length > limit) {
      throw new DocumentTooLongException(limit);
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /**
   * The parser's message on one line. SnakeYAML's messages quote the offending line with a caret
   * under it on indented lines; those are dropped, the location is appended once.
   */
  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Trailing token")) {
      message = "a second YAML document";
    } else if (message != null && e instanceof StreamConstraintsException) {
      message = CONSTRAINT_SOURCE.matcher(message).replaceAll("");
    }
    StringBuilder text = new StringBuilder();
    for (String line :
        (message == null ? e.getClass().getSimpleName() : message).lines().toList()) {
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

  /** A file longer than {@link #readBounded} reads. */
  private static final class DocumentTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    final int limit;

    DocumentTooLongException(int limit) {
      super("more than " + limit + " bytes");
      this.limit = limit;
    }
  }
}
