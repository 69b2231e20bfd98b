package dev.strangler.shadow;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Redacts the values of a sample before it is stored.
 *
 * <p>Design note: a value is matched at its difference's path; when that path (or a path above it)
 * matches, the whole value is replaced. When the value is a JSON object or array, it is parsed and
 * every member or element below it whose full path matches is replaced, then it is written back
 * compactly. Positions the path does not fix ({@code [*]} of multiset arrays) match every index
 * expression, so redaction errs on the side of hiding. A value that looks like JSON (an opening
 * brace or bracket first) but does not parse is replaced whole, because where a field sits in it
 * cannot be known. Other text (an HTML body compared as bytes, a header) is kept as is.
 */
final class Redactor {

  static final String REDACTED = "***redacted***";

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final PathMatcher matcher;

  private Redactor(PathMatcher matcher) {
    this.matcher = matcher;
  }

  /**
   * Compiles redaction expressions.
   *
   * @throws IllegalArgumentException naming {@code redactFields[i]} for an invalid expression
   */
  static Redactor of(List<String> redactFields) {
    return new Redactor(PathMatcher.compile(redactFields, "redactFields"));
  }

  @Nullable String redact(String path, @Nullable String value) {
    if (value == null || matcher.isEmpty() || !path.startsWith("$")) {
      return value;
    }
    List<JsonPath.Segment> segments;
    try {
      segments = JsonPath.parse(path, "path");
    } catch (IllegalArgumentException e) {
      return REDACTED;
    }
    int[] state = matcher.walk(segments);
    if (PathMatcher.isMatched(state)) {
      return REDACTED;
    }
    if (state.length == 0 || !looksLikeContainer(value)) {
      return value;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(value);
    } catch (JacksonException e) {
      return REDACTED;
    }
    if (node == null || !node.isContainer()) {
      return REDACTED;
    }
    return redactBelow(node, state) ? node.toString() : value;
  }

  private static boolean looksLikeContainer(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** Replaces matched members and elements in place; true when anything was replaced. */
  private boolean redactBelow(JsonNode node, int[] state) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      for (String name : new ArrayList<>(object.propertyNames())) {
        int[] child = matcher.field(state, name);
        if (PathMatcher.isMatched(child)) {
          object.put(name, REDACTED);
          changed = true;
        } else if (child.length > 0) {
          JsonNode value = object.get(name);
          changed |= value != null && value.isContainer() && redactBelow(value, child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        int[] child = matcher.index(state, i);
        if (PathMatcher.isMatched(child)) {
          array.set(i, REDACTED);
          changed = true;
        } else if (child.length > 0) {
          JsonNode value = array.get(i);
          changed |= value.isContainer() && redactBelow(value, child);
        }
      }
    }
    return changed;
  }
}
