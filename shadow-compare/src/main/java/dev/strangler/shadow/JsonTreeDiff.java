package dev.strangler.shadow;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Structural comparison of two parsed JSON bodies.
 *
 * <p>Design note: one walk over both trees, building the path in a single {@link StringBuilder}
 * that is cut back after each member, and carrying the ignore automaton's state (see {@link
 * PathMatcher}) instead of matching path strings. Immutable, so one instance serves all threads.
 *
 * <p>Arrays compared as multisets ({@code ignoreArrayOrder}) pair their elements in three passes:
 * first each element with the one at the same index when they are equivalent (the common case of an
 * unchanged order costs one pass); then the rest by a hash that is equal for equivalent elements
 * (numbers only contribute their value when the tolerance is zero); then, within equal hashes,
 * first fit. Legacy elements left unpaired are {@code missing}, modern ones {@code extra}, both at
 * {@code path[*]}. Unpaired elements are not compared further: which legacy element a changed
 * modern element "was" is a guess this comparator does not make. First fit may miss a pairing a
 * perfect matching would find when a tolerance makes numbers equal non-transitively.
 *
 * <p>Bounds: hostile or merely unlucky bodies must not make a comparison hang or fill the heap. The
 * walk stops after {@link ResponseComparator#MAX_DIFFERENCES} differences, a difference's path is
 * cut to {@link ResponseComparator#MAX_PATH_CHARS} characters, and multiset pairing spends at most
 * a budget of node visits (hashing and equivalence checks) that the caller sets in proportion to
 * the bodies: without it, arrays of elements that share a hash but are not equivalent (numbers
 * under a tolerance, strings with colliding hash codes) pair in quadratic time, and nested
 * multisets re-check their subtrees at every level, exponentially. Once the budget is spent, no
 * further elements are paired: they are reported as {@code missing} and {@code extra}.
 */
final class JsonTreeDiff {

  private static final String WILDCARD_INDEX = "[*]";

  private final PathMatcher ignore;
  private final boolean ignoreArrayOrder;
  private final double tolerance;
  private final BigDecimal decimalTolerance;

  JsonTreeDiff(PathMatcher ignore, boolean ignoreArrayOrder, double tolerance) {
    this.ignore = ignore;
    this.ignoreArrayOrder = ignoreArrayOrder;
    this.tolerance = tolerance;
    this.decimalTolerance = BigDecimal.valueOf(tolerance);
  }

  /**
   * Appends the differences of two trees to {@code out}, until it holds {@link
   * ResponseComparator#MAX_DIFFERENCES}.
   *
   * @param pairingBudget the node visits multiset pairing may spend, {@code >= 0}
   */
  void compare(JsonNode legacy, JsonNode modern, List<Difference> out, long pairingBudget) {
    int[] state = ignore.start();
    if (PathMatcher.isMatched(state) || out.size() >= ResponseComparator.MAX_DIFFERENCES) {
      return;
    }
    new Walk(out, pairingBudget).node(new StringBuilder(64).append('$'), legacy, modern, state);
  }

  /** Which elements of two arrays found an equivalent partner; see the class note. */
  private static final class Pairing {
    final boolean[] legacyPaired;
    final boolean[] modernPaired;
    int pairs;

    Pairing(int legacySize, int modernSize) {
      legacyPaired = new boolean[legacySize];
      modernPaired = new boolean[modernSize];
    }

    boolean complete() {
      return pairs == legacyPaired.length && pairs == modernPaired.length;
    }
  }

  /** One comparison: where differences go, and what is left of its bounds. */
  private final class Walk {
    private final List<Difference> out;
    private long budget;

    Walk(List<Difference> out, long budget) {
      this.out = out;
      this.budget = budget;
    }

    private boolean full() {
      return out.size() >= ResponseComparator.MAX_DIFFERENCES;
    }

    /** Spends one node visit of the pairing budget; false once it is spent. */
    private boolean spend() {
      if (budget <= 0) {
        return false;
      }
      budget--;
      return true;
    }

    private void add(
        StringBuilder path,
        DiffKind kind,
        Severity severity,
        @Nullable JsonNode legacy,
        @Nullable JsonNode modern) {
      if (!full()) {
        out.add(difference(path, kind, severity, legacy, modern));
      }
    }

    private void node(StringBuilder path, JsonNode legacy, JsonNode modern, int[] state) {
      if (legacy.isNull() || modern.isNull()) {
        if (legacy.isNull() && modern.isNull()) {
          return;
        }
        Severity severity = modern.isNull() ? Severity.BREAKING : Severity.CHANGED;
        add(path, DiffKind.VALUE, severity, legacy, modern);
        return;
      }
      JsonNodeType type = legacy.getNodeType();
      if (type != modern.getNodeType()) {
        add(path, DiffKind.TYPE, Severity.BREAKING, legacy, modern);
        return;
      }
      switch (type) {
        case OBJECT -> objects(path, legacy, modern, state);
        case ARRAY -> {
          if (ignoreArrayOrder) {
            unorderedArrays(path, legacy, modern, state);
          } else {
            orderedArrays(path, legacy, modern, state);
          }
        }
        default -> {
          if (!scalarsEqual(legacy, modern)) {
            add(path, DiffKind.VALUE, Severity.CHANGED, legacy, modern);
          }
        }
      }
    }

    private void objects(StringBuilder path, JsonNode legacy, JsonNode modern, int[] state) {
      int length = path.length();
      for (Map.Entry<String, JsonNode> member : legacy.properties()) {
        if (full()) {
          return;
        }
        String name = member.getKey();
        int[] child = ignore.field(state, name);
        if (PathMatcher.isMatched(child)) {
          continue;
        }
        JsonPath.appendField(path, name);
        JsonNode other = modern.get(name);
        if (other == null) {
          add(path, DiffKind.MISSING, Severity.BREAKING, member.getValue(), null);
        } else {
          node(path, member.getValue(), other, child);
        }
        path.setLength(length);
      }
      for (Map.Entry<String, JsonNode> member : modern.properties()) {
        if (full()) {
          return;
        }
        String name = member.getKey();
        if (legacy.get(name) != null || PathMatcher.isMatched(ignore.field(state, name))) {
          continue;
        }
        JsonPath.appendField(path, name);
        add(path, DiffKind.EXTRA, Severity.ADDITIVE, null, member.getValue());
        path.setLength(length);
      }
    }

    private void orderedArrays(StringBuilder path, JsonNode legacy, JsonNode modern, int[] state) {
      int length = path.length();
      int legacySize = legacy.size();
      int modernSize = modern.size();
      int longest = Math.max(legacySize, modernSize);
      for (int i = 0; i < longest && !full(); i++) {
        int[] child = ignore.index(state, i);
        if (PathMatcher.isMatched(child)) {
          continue;
        }
        JsonPath.appendIndex(path, i);
        if (i >= modernSize) {
          add(path, DiffKind.MISSING, Severity.BREAKING, legacy.get(i), null);
        } else if (i >= legacySize) {
          add(path, DiffKind.EXTRA, Severity.ADDITIVE, null, modern.get(i));
        } else {
          node(path, legacy.get(i), modern.get(i), child);
        }
        path.setLength(length);
      }
    }

    private void unorderedArrays(
        StringBuilder path, JsonNode legacy, JsonNode modern, int[] state) {
      int[] child = ignore.index(state, PathMatcher.UNORDERED_INDEX);
      if (PathMatcher.isMatched(child)) {
        return;
      }
      Pairing pairing = pair(legacy, modern, child);
      if (pairing.complete()) {
        return;
      }
      int length = path.length();
      path.append(WILDCARD_INDEX);
      for (int i = 0; i < legacy.size() && !full(); i++) {
        if (!pairing.legacyPaired[i]) {
          add(path, DiffKind.MISSING, Severity.BREAKING, legacy.get(i), null);
        }
      }
      for (int j = 0; j < modern.size() && !full(); j++) {
        if (!pairing.modernPaired[j]) {
          add(path, DiffKind.EXTRA, Severity.ADDITIVE, null, modern.get(j));
        }
      }
      path.setLength(length);
    }

    private Pairing pair(JsonNode legacy, JsonNode modern, int[] elementState) {
      int legacySize = legacy.size();
      int modernSize = modern.size();
      Pairing pairing = new Pairing(legacySize, modernSize);
      int common = Math.min(legacySize, modernSize);
      for (int i = 0; i < common && budget > 0; i++) {
        if (equivalent(legacy.get(i), modern.get(i), elementState)) {
          pairing.legacyPaired[i] = true;
          pairing.modernPaired[i] = true;
          pairing.pairs++;
        }
      }
      if (pairing.pairs == legacySize || pairing.pairs == modernSize || budget <= 0) {
        return pairing;
      }
      Map<Integer, ArrayDeque<Integer>> unpairedModern = new HashMap<>();
      for (int j = 0; j < modernSize && budget > 0; j++) {
        if (!pairing.modernPaired[j]) {
          unpairedModern
              .computeIfAbsent(hash(modern.get(j), elementState), h -> new ArrayDeque<>())
              .add(j);
        }
      }
      for (int i = 0; i < legacySize && budget > 0; i++) {
        if (pairing.legacyPaired[i]) {
          continue;
        }
        ArrayDeque<Integer> candidates = unpairedModern.get(hash(legacy.get(i), elementState));
        if (candidates == null) {
          continue;
        }
        for (Integer j : candidates) {
          if (budget <= 0) {
            break;
          }
          if (equivalent(legacy.get(i), modern.get(j), elementState)) {
            candidates.remove(j);
            pairing.legacyPaired[i] = true;
            pairing.modernPaired[j] = true;
            pairing.pairs++;
            break;
          }
        }
      }
      return pairing;
    }

    /**
     * True exactly when {@link #node} would report nothing for these two nodes, as long as the
     * pairing budget lasts; false once it is spent.
     */
    private boolean equivalent(JsonNode legacy, JsonNode modern, int[] state) {
      if (!spend()) {
        return false;
      }
      if (legacy.isNull() || modern.isNull()) {
        return legacy.isNull() && modern.isNull();
      }
      JsonNodeType type = legacy.getNodeType();
      if (type != modern.getNodeType()) {
        return false;
      }
      return switch (type) {
        case OBJECT -> objectsEquivalent(legacy, modern, state);
        // Only multiset pairing asks, so every array below is a multiset too.
        case ARRAY -> unorderedEquivalent(legacy, modern, state);
        default -> scalarsEqual(legacy, modern);
      };
    }

    private boolean objectsEquivalent(JsonNode legacy, JsonNode modern, int[] state) {
      for (Map.Entry<String, JsonNode> member : legacy.properties()) {
        int[] child = ignore.field(state, member.getKey());
        if (PathMatcher.isMatched(child)) {
          continue;
        }
        JsonNode other = modern.get(member.getKey());
        if (other == null || !equivalent(member.getValue(), other, child)) {
          return false;
        }
      }
      for (String name : modern.propertyNames()) {
        if (legacy.get(name) == null && !PathMatcher.isMatched(ignore.field(state, name))) {
          return false;
        }
      }
      return true;
    }

    private boolean unorderedEquivalent(JsonNode legacy, JsonNode modern, int[] state) {
      int[] child = ignore.index(state, PathMatcher.UNORDERED_INDEX);
      if (PathMatcher.isMatched(child)) {
        return true;
      }
      return legacy.size() == modern.size() && pair(legacy, modern, child).complete();
    }

    /**
     * A hash equal for equivalent nodes under this comparator's rules: member order, ignored
     * members and (the only caller being multiset pairing) element order do not count. Once the
     * pairing budget is spent it is meaningless, and nothing is paired any more.
     */
    private int hash(JsonNode node, int[] state) {
      if (!spend()) {
        return 0;
      }
      return switch (node.getNodeType()) {
        case NULL -> 1;
        case OBJECT -> {
          int objectHash = 3;
          for (Map.Entry<String, JsonNode> member : node.properties()) {
            int[] child = ignore.field(state, member.getKey());
            if (!PathMatcher.isMatched(child)) {
              objectHash += member.getKey().hashCode() * 31 ^ hash(member.getValue(), child);
            }
          }
          yield objectHash;
        }
        case ARRAY -> {
          int[] child = ignore.index(state, PathMatcher.UNORDERED_INDEX);
          if (PathMatcher.isMatched(child)) {
            yield 5;
          }
          int arrayHash = 7;
          for (JsonNode element : node.values()) {
            arrayHash += hash(element, child);
          }
          yield arrayHash;
        }
        case NUMBER -> {
          if (tolerance > 0) {
            yield 11;
          }
          double value = node.doubleValue();
          yield Double.hashCode(value == 0 ? 0.0 : value);
        }
        case BOOLEAN -> node.booleanValue() ? 13 : 17;
        case STRING -> node.stringValue().hashCode();
        default -> node.hashCode();
      };
    }
  }

  private boolean scalarsEqual(JsonNode legacy, JsonNode modern) {
    if (legacy.isNumber()) {
      return numbersEqual(legacy, modern);
    }
    return legacy.equals(modern);
  }

  /**
   * Integers exactly as {@code long}s, other numbers as doubles, very large integers as decimals;
   * {@code 1} equals {@code 1.0}.
   */
  private boolean numbersEqual(JsonNode a, JsonNode b) {
    if ((a.isInt() || a.isLong()) && (b.isInt() || b.isLong())) {
      long x = a.longValue();
      long y = b.longValue();
      return x == y || (tolerance > 0 && Math.abs((double) x - (double) y) <= tolerance);
    }
    if (!a.isBigInteger() && !a.isBigDecimal() && !b.isBigInteger() && !b.isBigDecimal()) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return x == y || Math.abs(x - y) <= tolerance;
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    if (Double.isInfinite(x) || Double.isInfinite(y)) {
      return x == y;
    }
    BigDecimal difference = a.decimalValue().subtract(b.decimalValue()).abs();
    return difference.compareTo(decimalTolerance) <= 0;
  }

  /** The path, cut to {@link ResponseComparator#MAX_PATH_CHARS} characters ending in {@code …}. */
  static String cut(CharSequence path) {
    if (path.length() <= ResponseComparator.MAX_PATH_CHARS) {
      return path.toString();
    }
    int end = ResponseComparator.MAX_PATH_CHARS - 1;
    if (Character.isHighSurrogate(path.charAt(end - 1))) {
      end--;
    }
    return path.subSequence(0, end) + "…";
  }

  private static Difference difference(
      StringBuilder path,
      DiffKind kind,
      Severity severity,
      @Nullable JsonNode legacy,
      @Nullable JsonNode modern) {
    return new Difference(
        cut(path),
        kind,
        severity,
        legacy == null ? null : legacy.toString(),
        modern == null ? null : modern.toString());
  }
}
