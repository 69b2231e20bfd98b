package dev.strangler.gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a PromQL expression (or a Grafana {@code label_values(...)} query) well enough to name what
 * it uses from the data: the series selectors with their label matchers, and the labels of its
 * grouping and matching clauses ({@code by}, {@code without}, {@code on}, {@code ignoring}, {@code
 * group_left}, {@code group_right}). Range and subquery brackets, numbers, string arguments of
 * functions and operators are skipped. It does not check that the expression is valid PromQL; it
 * fails on what it cannot place, so that nothing it was meant to see slips by.
 */
public final class PromQl {

  /** Keywords of PromQL that stand where a metric name could. */
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "group_left", "group_right");

  /** Clauses whose parenthesized list holds label names. */
  private static final Set<String> LABEL_LISTS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  /**
   * One label matcher of a selector.
   *
   * @param label the label name
   * @param operator {@code =}, {@code !=}, {@code =~} or {@code !~}
   * @param value the value or regular expression, as written (Grafana variables included)
   */
  public record Matcher(String label, String operator, String value) {}

  /**
   * One series selector.
   *
   * @param metric the metric name
   * @param matchers its label matchers
   */
  public record Selector(String metric, List<Matcher> matchers) {}

  /**
   * What an expression uses.
   *
   * @param selectors every series selector, in order
   * @param groupingLabels the labels named in grouping and matching clauses
   * @param labelValuesLabels for a Grafana {@code label_values(selector, label)} query, the label
   *     asked for; else empty
   */
  public record Query(
      List<Selector> selectors, Set<String> groupingLabels, Set<String> labelValuesLabels) {}

  private final String text;

  private int at;

  private final List<Selector> selectors = new ArrayList<>();

  private final Set<String> grouping = new LinkedHashSet<>();

  private final Set<String> labelValues = new LinkedHashSet<>();

  private PromQl(String text) {
    this.text = text;
  }

  /**
   * @param expression a PromQL expression or a Grafana {@code label_values(...)} query
   * @return what it uses
   * @throws IllegalArgumentException naming the position of what it cannot read
   */
  public static Query parse(String expression) {
    PromQl parser = new PromQl(expression);
    parser.expression();
    return new Query(
        List.copyOf(parser.selectors), Set.copyOf(parser.grouping), Set.copyOf(parser.labelValues));
  }

  private void expression() {
    while (skipSpace() < text.length()) {
      char c = text.charAt(at);
      if (isIdentifierStart(c)) {
        identifier();
      } else if (c == '{') {
        throw error("a selector without a metric name");
      } else if (c == '[') {
        skipPast(']');
      } else if (c == '"' || c == '\'' || c == '`') {
        string();
      } else if (Character.isDigit(c) || c == '.') {
        while (at < text.length()
            && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
          at++;
        }
      } else if ("()+-*/%^=!<>,".indexOf(c) >= 0) {
        at++;
      } else {
        throw error("an unexpected character '" + c + "'");
      }
    }
  }

  private void identifier() {
    String name = word();
    int after = skipSpace();
    boolean call = after < text.length() && text.charAt(after) == '(';
    if (LABEL_LISTS.contains(name)) {
      if (call) {
        at = after + 1;
        grouping.addAll(labelList());
      }
      return;
    }
    if (KEYWORDS.contains(name)) {
      return;
    }
    if (call) {
      if (name.equals("label_values")) {
        labelValuesCall(after);
      }
      return;
    }
    if (nextWordIs(after, "by") || nextWordIs(after, "without")) {
      // an aggregation with its clause first: sum by (route) (...)
      return;
    }
    selector(name);
  }

  /** {@code label_values(selector, label)} or {@code label_values(label)}. */
  private void labelValuesCall(int openParenthesis) {
    at = openParenthesis + 1;
    skipSpace();
    String first = word();
    if (skipSpace() < text.length() && text.charAt(at) == ')') {
      labelValues.add(first);
      at++;
      return;
    }
    selector(first);
    expect(',');
    skipSpace();
    labelValues.add(word());
    expect(')');
  }

  private boolean nextWordIs(int from, String word) {
    int end = from + word.length();
    return text.startsWith(word, from)
        && (end >= text.length() || !isIdentifierPart(text.charAt(end)));
  }

  private void selector(String metric) {
    List<Matcher> matchers = new ArrayList<>();
    if (skipSpace() < text.length() && text.charAt(at) == '{') {
      at++;
      while (skipSpace() < text.length() && text.charAt(at) != '}') {
        String label = word();
        skipSpace();
        String operator = operator();
        skipSpace();
        matchers.add(new Matcher(label, operator, string()));
        if (skipSpace() < text.length() && text.charAt(at) == ',') {
          at++;
        }
      }
      expect('}');
    }
    selectors.add(new Selector(metric, List.copyOf(matchers)));
  }

  private List<String> labelList() {
    List<String> labels = new ArrayList<>();
    while (skipSpace() < text.length() && text.charAt(at) != ')') {
      labels.add(word());
      if (skipSpace() < text.length() && text.charAt(at) == ',') {
        at++;
      }
    }
    expect(')');
    return labels;
  }

  private String operator() {
    for (String operator : List.of("=~", "!~", "!=", "=")) {
      if (text.startsWith(operator, at)) {
        at += operator.length();
        return operator;
      }
    }
    throw error("a label matcher operator");
  }

  private String word() {
    int start = at;
    if (at >= text.length() || !isIdentifierStart(text.charAt(at))) {
      throw error("a name");
    }
    while (at < text.length() && isIdentifierPart(text.charAt(at))) {
      at++;
    }
    return text.substring(start, at);
  }

  private String string() {
    char quote = text.charAt(at);
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw error("a quoted string");
    }
    StringBuilder value = new StringBuilder();
    at++;
    while (at < text.length() && text.charAt(at) != quote) {
      char c = text.charAt(at++);
      if (c == '\\' && quote != '`' && at < text.length()) {
        value.append(text.charAt(at++));
      } else {
        value.append(c);
      }
    }
    expect(quote);
    return value.toString();
  }

  private void skipPast(char end) {
    int close = text.indexOf(end, at);
    if (close < 0) {
      throw error("'" + end + "'");
    }
    at = close + 1;
  }

  private void expect(char c) {
    if (skipSpace() >= text.length() || text.charAt(at) != c) {
      throw error("'" + c + "'");
    }
    at++;
  }

  private int skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || Character.isDigit(c);
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException(
        "at " + at + " of '" + text + "': expected " + expected + " (" + rest() + ")");
  }

  private String rest() {
    return at >= text.length() ? "end" : "'" + text.substring(at, Math.min(text.length(), at + 20));
  }
}
