package dev.strangler.shadow;

import dev.strangler.shadow.JsonPath.Kind;
import dev.strangler.shadow.JsonPath.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A set of JSONPath expressions compiled once into one nondeterministic automaton, matched while a
 * JSON tree is walked.
 *
 * <p>Design note: the walker carries the set of automaton positions reached so far as a small
 * sorted {@code int[]} and steps it once per member or element, so matching costs nothing for
 * subtrees no expression can reach (the set is empty) and never re-parses a path string. Every
 * expression is laid out in one array of positions; a position past an expression's last segment is
 * terminal, and reaching one means the node is matched, and with it everything below it. {@link
 * #MATCHED} and {@link #NONE} are shared sentinels compared by identity.
 */
final class PathMatcher {

  /** The state of a node that an expression matched. */
  static final int[] MATCHED = new int[0];

  /** The state of a node that no expression can reach any more. */
  static final int[] NONE = new int[0];

  /** Index passed for an element whose position is not meaningful: only wildcards match it. */
  static final int UNORDERED_INDEX = -1;

  /** Index passed for an element of unknown position: wildcards and every fixed index match it. */
  static final int ANY_INDEX = -2;

  private static final PathMatcher EMPTY = new PathMatcher(List.of());

  private final Kind[] kinds;
  private final @Nullable String[] names;
  private final int[] indices;
  private final boolean[] terminal;
  private final int[] start;

  private PathMatcher(List<List<Segment>> expressions) {
    int size = 0;
    for (List<Segment> expression : expressions) {
      size += expression.size() + 1;
    }
    kinds = new Kind[size];
    names = new String[size];
    indices = new int[size];
    terminal = new boolean[size];
    int[] roots = new int[expressions.size()];
    boolean rootMatched = false;
    int at = 0;
    for (int e = 0; e < expressions.size(); e++) {
      List<Segment> expression = expressions.get(e);
      roots[e] = at;
      for (Segment segment : expression) {
        kinds[at] = segment.kind();
        names[at] = segment.name();
        indices[at] = segment.index();
        at++;
      }
      terminal[at] = true;
      rootMatched |= expression.isEmpty();
      at++;
    }
    start = rootMatched ? MATCHED : (roots.length == 0 ? NONE : roots);
  }

  /**
   * Compiles expressions.
   *
   * @param expressions the expressions
   * @param label the name of the list they came from, for error messages
   * @throws IllegalArgumentException naming {@code label[i]} and the expression when one is invalid
   */
  static PathMatcher compile(List<String> expressions, String label) {
    if (expressions.isEmpty()) {
      return EMPTY;
    }
    List<List<Segment>> parsed = new ArrayList<>(expressions.size());
    for (int i = 0; i < expressions.size(); i++) {
      parsed.add(JsonPath.parse(expressions.get(i), label + "[" + i + "]"));
    }
    return new PathMatcher(parsed);
  }

  /** True when no expression was given. */
  boolean isEmpty() {
    return start == NONE;
  }

  /** The state of the root node {@code $}. */
  int[] start() {
    return start;
  }

  static boolean isMatched(int[] state) {
    return state == MATCHED;
  }

  /** The state of the member {@code name} of a node in {@code state}. */
  int[] field(int[] state, String name) {
    return step(state, name, UNORDERED_INDEX);
  }

  /**
   * The state of the element at {@code index} of an array in {@code state}.
   *
   * @param index the position, or {@link #UNORDERED_INDEX} or {@link #ANY_INDEX}
   */
  int[] index(int[] state, int index) {
    return step(state, null, index);
  }

  /** Steps a whole concrete path, as {@link JsonPath#parse} reads it, from the root. */
  int[] walk(List<Segment> path) {
    int[] state = start;
    for (Segment segment : path) {
      if (state.length == 0) {
        return state;
      }
      state =
          switch (segment.kind()) {
            case FIELD -> field(state, segment.name() == null ? "" : segment.name());
            case INDEX -> index(state, segment.index());
            default -> index(state, ANY_INDEX);
          };
    }
    return state;
  }

  private int[] step(int[] state, @Nullable String name, int index) {
    if (state.length == 0) {
      return state;
    }
    int[] next = new int[state.length * 2];
    int n = 0;
    for (int p : state) {
      switch (kinds[p]) {
        case FIELD -> {
          if (name != null && name.equals(names[p])) {
            next[n++] = p + 1;
          }
        }
        case INDEX -> {
          if (name == null && (index == indices[p] || index == ANY_INDEX)) {
            next[n++] = p + 1;
          }
        }
        case WILDCARD -> next[n++] = p + 1;
        case DEEP_FIELD -> {
          next[n++] = p;
          if (name != null && name.equals(names[p])) {
            next[n++] = p + 1;
          }
        }
        case DEEP_WILDCARD -> {
          next[n++] = p;
          next[n++] = p + 1;
        }
        default -> throw new IllegalStateException("unknown segment kind " + kinds[p]);
      }
    }
    for (int i = 0; i < n; i++) {
      if (terminal[next[i]]) {
        return MATCHED;
      }
    }
    if (n == 0) {
      return NONE;
    }
    Arrays.sort(next, 0, n);
    int unique = 1;
    for (int i = 1; i < n; i++) {
      if (next[i] != next[unique - 1]) {
        next[unique++] = next[i];
      }
    }
    return Arrays.copyOf(next, unique);
  }
}
