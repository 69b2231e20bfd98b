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

  void compare(JsonNode legacy, JsonNode modern, List<Difference> out) {
    int[] state = ignore.start();
    if (PathMatcher.isMatched(state)) {
      return;
    }
    node(new StringBuilder(64).append('$'), legacy, modern, state, out);
  }

  private void node(
      StringBuilder path, JsonNode legacy, JsonNode modern, int[] state, List<Difference> out) {
    if (legacy.isNull() || modern.isNull()) {
      if (legacy.isNull() && modern.isNull()) {
        return;
      }
      Severity severity = modern.isNull() ? Severity.BREAKING : Severity.CHANGED;
      out.add(difference(path, DiffKind.VALUE, severity, legacy, modern));
      return;
    }
    JsonNodeType type = legacy.getNodeType();
    if (type != modern.getNodeType()) {
      out.add(difference(path, DiffKind.TYPE, Severity.BREAKING, legacy, modern));
      return;
    }
    switch (type) {
      case OBJECT:
        objects(path, legacy, modern, state, out);
        break;
      case ARRAY:
        if (ignoreArrayOrder) {
          unorderedArrays(path, legacy, modern, state, out);
        } else {
          orderedArrays(path, legacy, modern, state, out);
        }
        break;
      default:
        if (!scalarsEqual(legacy, modern)) {
          out.add(difference(path, DiffKind.VALUE, Severity.CHANGED, legacy, modern));
        }
        break;
    }
  }

  private void objects(
      StringBuilder path, JsonNode legacy, JsonNode modern, int[] state, List<Difference> out) {
    int length = path.length();
    for (Map.Entry<String, JsonNode> member : legacy.properties()) {
      String name = member.getKey();
      int[] child = ignore.field(state, name);
      if (PathMatcher.isMatched(child)) {
        continue;
      }
      JsonPath.appendField(path, name);
      JsonNode other = modern.get(name);
      if (other == null) {
        out.add(difference(path, DiffKind.MISSING, Severity.BREAKING, member.getValue(), null));
      } else {
        node(path, member.getValue(), other, child, out);
      }
      path.setLength(length);
    }
    for (Map.Entry<String, JsonNode> member : modern.properties()) {
      String name = member.getKey();
      if (legacy.get(name) != null || PathMatcher.isMatched(ignore.field(state, name))) {
        continue;
      }
      JsonPath.appendField(path, name);
      out.add(difference(path, DiffKind.EXTRA, Severity.ADDITIVE, null, member.getValue()));
      path.setLength(length);
    }
  }

  private void orderedArrays(
      StringBuilder path, JsonNode legacy, JsonNode modern, int[] state, List<Difference> out) {
    int length = path.length();
    int legacySize = legacy.size();
    int modernSize = modern.size();
    int longest = Math.max(legacySize, modernSize);
    for (int i = 0; i < longest; i++) {
      int[] child = ignore.index(state, i);
      if (PathMatcher.isMatched(child)) {
        continue;
      }
      JsonPath.appendIndex(path, i);
      if (i >= modernSize) {
        out.add(difference(path, DiffKind.MISSING, Severity.BREAKING, legacy.get(i), null));
      } else if (i >= legacySize) {
        out.add(difference(path, DiffKind.EXTRA, Severity.ADDITIVE, null, modern.get(i)));
      } else {
        node(path, legacy.get(i), modern.get(i), child, out);
      }
      path.setLength(length);
    }
  }

  private void unorderedArrays(
      StringBuilder path, JsonNode legacy, JsonNode modern, int[] state, List<Difference> out) {
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
    for (int i = 0; i < legacy.size(); i++) {
      if (!pairing.legacyPaired[i]) {
        out.add(difference(path, DiffKind.MISSING, Severity.BREAKING, legacy.get(i), null));
      }
    }
    for (int j = 0; j < modern.size(); j++) {
      if (!pairing.modernPaired[j]) {
        out.add(difference(path, DiffKind.EXTRA, Severity.ADDITIVE, null, modern.get(j)));
      }
    }
    path.setLength(length);
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

  private Pairing pair(JsonNode legacy, JsonNode modern, int[] elementState) {
    int legacySize = legacy.size();
    int modernSize = modern.size();
    Pairing pairing = new Pairing(legacySize, modernSize);
    int common = Math.min(legacySize, modernSize);
    for (int i = 0; i < common; i++) {
      if (equivalent(legacy.get(i), modern.get(i), elementState)) {
        pairing.legacyPaired[i] = true;
        pairing.modernPaired[i] = true;
        pairing.pairs++;
      }
    }
    if (pairing.pairs == legacySize || pairing.pairs == modernSize) {
      return pairing;
    }
    Map<Integer, ArrayDeque<Integer>> unpairedModern = new HashMap<>();
    for (int j = 0; j < modernSize; j++) {
      if (!pairing.modernPaired[j]) {
        unpairedModern
            .computeIfAbsent(hash(modern.get(j), elementState), h -> new ArrayDeque<>())
            .add(j);
      }
    }
    for (int i = 0; i < legacySize; i++) {
      if (pairing.legacyPaired[i]) {
        continue;
      }
      ArrayDeque<Integer> candidates = unpairedModern.get(hash(legacy.get(i), elementState));
      if (candidates == null) {
        continue;
      }
      for (Integer j : candidates) {
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

  /** True exactly when {@link #node} would report nothing for these two nodes. */
  private boolean equivalent(JsonNode legacy, JsonNode modern, int[] state) {
    if (legacy.isNull() || modern.isNull()) {
      return legacy.isNull() && modern.isNull();
    }
    JsonNodeType type = legacy.getNodeType();
    if (type != modern.getNodeType()) {
      return false;
    }
    switch (type) {
      case OBJECT:
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
      case ARRAY:
        return ignoreArrayOrder
            ? unorderedEquivalent(legacy, modern, state)
            : orderedEquivalent(legacy, modern, state);
      default:
        return scalarsEqual(legacy, modern);
    }
  }

  private boolean orderedEquivalent(JsonNode legacy, JsonNode modern, int[] state) {
    int longest = Math.max(legacy.size(), modern.size());
    for (int i = 0; i < longest; i++) {
      int[] child = ignore.index(state, i);
      if (PathMatcher.isMatched(child)) {
        continue;
      }
      if (i >= legacy.size() || i >= modern.size()) {
        return false;
      }
      if (!equivalent(legacy.get(i), modern.get(i), child)) {
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
   * A hash equal for equivalent nodes under this comparator's rules: member order, ignored members
   * and (the only caller being multiset pairing) element order do not count.
   */
  private int hash(JsonNode node, int[] state) {
    switch (node.getNodeType()) {
      case NULL:
        return 1;
      case OBJECT:
        int objectHash = 3;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          int[] child = ignore.field(state, member.getKey());
          if (!PathMatcher.isMatched(child)) {
            objectHash += member.getKey().hashCode() * 31 ^ hash(member.getValue(), child);
          }
        }
        return objectHash;
      case ARRAY:
        int[] child = ignore.index(state, PathMatcher.UNORDERED_INDEX);
        if (PathMatcher.isMatched(child)) {
          return 5;
        }
        int arrayHash = 7;
        for (JsonNode element : node.values()) {
          arrayHash += hash(element, child);
        }
        return arrayHash;
      case NUMBER:
        if (tolerance > 0) {
          return 11;
        }
        double value = node.doubleValue();
        return Double.hashCode(value == 0 ? 0.0 : value);
      case BOOLEAN:
        return node.booleanValue() ? 13 : 17;
      case STRING:
        return node.stringValue().hashCode();
      default:
        return node.hashCode();
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

  private static Difference difference(
      StringBuilder path,
      DiffKind kind,
      Severity severity,
      @Nullable JsonNode legacy,
      @Nullable JsonNode modern) {
    return new Difference(
        path.toString(),
        kind,
        severity,
        legacy == null ? null : legacy.toString(),
        modern == null ? null : modern.toString());
  }
}
