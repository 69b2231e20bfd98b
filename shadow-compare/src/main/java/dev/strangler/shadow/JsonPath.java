package dev.strangler.shadow;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSONPath subset used for ignore and redact expressions and for the paths of differences.
 *
 * <p>Design note: the subset is small on purpose ({@code $}, {@code .name}, {@code ['name']},
 * {@code [n]}, {@code [*]}, {@code .*}, {@code ..name}, {@code ..*}): no filters, slices or
 * scripts, so that no operator input is ever evaluated. Difference paths are rendered with {@link
 * #appendField} and {@link #appendIndex}, which only produce what {@link #parse} reads back, so the
 * same parser serves expressions and concrete paths.
 */
final class JsonPath {

  /** What an expression may look like, quoted in every syntax error. */
  static final String EXPECTED = "a JSONPath such as $.a.b, $.a[*].b, $.a[2], $..name or $['a b']";

  /** The kind of one step of a path. */
  enum Kind {
    /** A named object member. */
    FIELD,
    /** An array element at a fixed index. */
    INDEX,
    /** Any member or element: {@code [*]} or {@code .*}. */
    WILDCARD,
    /** A named member at any depth below: {@code ..name}. */
    DEEP_FIELD,
    /** Anything at any depth below: {@code ..*}. */
    DEEP_WILDCARD
  }

  /** One step; {@code name} is set for the field kinds, {@code index} for {@link Kind#INDEX}. */
  record Segment(Kind kind, @Nullable String name, int index) {

    static Segment field(String name) {
      return new Segment(Kind.FIELD, name, -1);
    }

    static Segment index(int index) {
      return new Segment(Kind.INDEX, null, index);
    }
  }

  private JsonPath() {}

  /**
   * Parses an expression.
   *
   * @param expression the expression
   * @param label where the expression came from, for the error message ({@code ignoreFields[2]})
   * @return its segments, empty for {@code $}
   * @throws IllegalArgumentException naming the label, the expression and what was expected
   */
  static List<Segment> parse(String expression, String label) {
    try {
      return new Parser(expression).parse();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          label + ": " + expression + " (expected: " + EXPECTED + "; " + e.getMessage() + ")", e);
    }
  }

  /** Appends a member step, in dot notation when the name allows it, else bracket notation. */
  static void appendField(StringBuilder path, String name) {
    if (isPlainName(name)) {
      path.append('.').append(name);
      return;
    }
    path.append("['");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\'' || c == '\\') {
        path.append('\\');
      }
      path.append(c);
    }
    path.append("']");
  }

  /** Appends an element step. */
  static void appendIndex(StringBuilder path, int index) {
    path.append('[').append(index).append(']');
  }

  /**
   * Replaces every array index of a concrete path by {@code [*]}, so that {@code $.items[3].price}
   * and {@code $.items[7].price} name one field. Quoted member names are left alone.
   */
  static String normalizeIndices(String path) {
    if (path.indexOf('[') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    int i = 0;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c != '[') {
        out.append(c);
        i++;
        continue;
      }
      int close = digitsEnd(path, i + 1);
      if (close > i + 1 && close < n && path.charAt(close) == ']') {
        out.append("[*]");
        i = close + 1;
      } else if (i + 1 < n && (path.charAt(i + 1) == '\'' || path.charAt(i + 1) == '"')) {
        int end = quotedEnd(path, i + 1);
        out.append(path, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** Index just past the closing quote of the quoted name starting at {@code quoteAt}. */
  private static int quotedEnd(String s, int quoteAt) {
    char quote = s.charAt(quoteAt);
    int i = quoteAt + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return s.length();
  }

  static boolean isPlainName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == '@';
  }

  /** A recursive-descent reader of one expression; messages say what went wrong and where. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    List<Segment> parse() {
      if (text.isEmpty() || text.charAt(0) != '$') {
        throw new IllegalArgumentException("must start with $");
      }
      pos = 1;
      List<Segment> segments = new ArrayList<>();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          segments.add(dotted());
        } else if (c == '[') {
          segments.add(bracket(false));
        } else {
          throw new IllegalArgumentException("unexpected '" + c + "' at index " + pos);
        }
      }
      return List.copyOf(segments);
    }

    private Segment dotted() {
      pos++;
      boolean deep = pos < text.length() && text.charAt(pos) == '.';
      if (deep) {
        pos++;
      }
      if (pos >= text.length()) {
        throw new IllegalArgumentException("name expected at index " + pos);
      }
      char c = text.charAt(pos);
      if (c == '*') {
        pos++;
        return new Segment(deep ? Kind.DEEP_WILDCARD : Kind.WILDCARD, null, -1);
      }
      if (c == '[' && deep) {
        return bracket(true);
      }
      int start = pos;
      while (pos < text.length() && isNameChar(text.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("name expected at index " + start);
      }
      String name = text.substring(start, pos);
      return new Segment(deep ? Kind.DEEP_FIELD : Kind.FIELD, name, -1);
    }

    private Segment bracket(boolean deep) {
      int open = pos;
      pos++;
      if (pos >= text.length()) {
        throw new IllegalArgumentException("unclosed [ at index " + open);
      }
      char c = text.charAt(pos);
      Segment segment;
      if (c == '*') {
        pos++;
        segment = new Segment(deep ? Kind.DEEP_WILDCARD : Kind.WILDCARD, null, -1);
      } else if (c == '\'' || c == '"') {
        String name = quoted(c);
        segment = new Segment(deep ? Kind.DEEP_FIELD : Kind.FIELD, name, -1);
      } else if (c >= '0' && c <= '9' && !deep) {
        int end = digitsEnd(text, pos);
        int index;
        try {
          index = Integer.parseInt(text.substring(pos, end));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("index too large at index " + pos, e);
        }
        pos = end;
        segment = Segment.index(index);
      } else {
        throw new IllegalArgumentException(
            (deep ? "quoted name or * expected" : "index, quoted name or * expected")
                + " at index "
                + pos);
      }
      if (pos >= text.length() || text.charAt(pos) != ']') {
        throw new IllegalArgumentException("unclosed [ at index " + open);
      }
      pos++;
      return segment;
    }

    private String quoted(char quote) {
      int open = pos;
      pos++;
      StringBuilder name = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\\' && pos + 1 < text.length()) {
          name.append(text.charAt(pos + 1));
          pos += 2;
        } else if (c == quote) {
          pos++;
          return name.toString();
        } else {
          name.append(c);
          pos++;
        }
      }
      throw new IllegalArgumentException("unclosed quote at index " + open);
    }
  }
}
