package dev.strangler.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The requests of a route that always go to one side in canary mode, whatever the percent: the
 * team's own users on modern before anyone else, a customer under contract freeze on legacy.
 *
 * <p>An entry is either a key as the route's {@code sticky-by} gives it ({@code alice}: the request
 * whose sticky key is {@code alice}), or a header match {@code header:NAME=value} ({@code
 * header:X-Tenant=beta}: the request whose header {@code X-Tenant}, name matched ignoring case, is
 * exactly {@code beta}). A request that matches entries of both lists goes to legacy: a freeze wins
 * over an early look. Targets apply in canary mode only; a forced target ({@code
 * X-Strangler-Force}) wins over them.
 *
 * <p>Bounds, so that matching stays constant-time and memory bounded: at most {@value #MAX_ENTRIES}
 * entries on both lists together, each at most {@value #MAX_ENTRY_LENGTH} characters, header
 * matches on at most {@value #MAX_HEADER_NAMES} different header names. An entry is listed once, on
 * one list.
 *
 * @param modern the entries sent to modern, in the order written
 * @param legacy the entries sent to legacy, in the order written
 */
public record Targets(List<String> modern, List<String> legacy) {

  /** No targets: every request goes by the percent. */
  public static final Targets NONE = new Targets(List.of(), List.of());

  /** The most entries of a route, both lists together. */
  public static final int MAX_ENTRIES = 10_000;

  /** The longest entry, in characters. */
  public static final int MAX_ENTRY_LENGTH = 256;

  /** The most different header names a route's header matches may use. */
  public static final int MAX_HEADER_NAMES = 16;

  /** The prefix of a header match. */
  static final String HEADER_PREFIX = "header:";

  /**
   * What error messages expect of the entries of a route without sticky sources, which can only
   * match headers.
   */
  public static final String KEYS_NEED_STICKY_BY =
      "header matches only (header:NAME=value), as the route has no sticky-by source to give keys";

  /** What error messages expect of an entry. */
  static final String ENTRY_EXPECTATION =
      "a sticky key such as alice, or a header match header:NAME=value";

  /**
   * Copies the lists and checks every entry.
   *
   * @param modern the entries sent to modern
   * @param legacy the entries sent to legacy
   * @throws IllegalArgumentException naming the first entry that is malformed, listed twice, or
   *     beyond the bounds
   * @throws NullPointerException if a list or an entry is null
   */
  public Targets {
    modern = List.copyOf(modern);
    legacy = List.copyOf(legacy);
    List<RuleViolation> violations = check(modern, legacy, "");
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(violations.get(0).toString());
    }
  }

  /**
   * Checks two lists of entries as {@link Targets} would take them, reporting every problem.
   *
   * @param modern the entries sent to modern
   * @param legacy the entries sent to legacy
   * @param path the path the lists' names are appended to, e.g. {@code routes[0].targets.}, or
   *     empty
   * @return every problem, each with its path ({@code routes[0].targets.modern[3]}); empty when the
   *     lists are fine
   * @throws NullPointerException if a list or an entry is null
   */
  public static List<RuleViolation> check(List<String> modern, List<String> legacy, String path) {
    List<RuleViolation> violations = new ArrayList<>();
    int total = modern.size() + legacy.size();
    if (total > MAX_ENTRIES) {
      violations.add(
          new RuleViolation(
              path.isEmpty() ? "targets" : path.substring(0, path.length() - 1),
              total + " entries",
              "at most " + MAX_ENTRIES + " entries on modern and legacy together"));
      return violations;
    }
    Map<TargetEntry, String> seen = new HashMap<>();
    Set<String> headerNames = new HashSet<>();
    check(modern, path + "modern", seen, headerNames, violations);
    check(legacy, path + "legacy", seen, headerNames, violations);
    return violations;
  }

  private static void check(
      List<String> entries,
      String path,
      Map<TargetEntry, String> seen,
      Set<String> headerNames,
      List<RuleViolation> violations) {
    for (int i = 0; i < entries.size(); i++) {
      String text = Objects.requireNonNull(entries.get(i), "entry");
      String at = path + "[" + i + "]";
      Object parsed = TargetEntry.read(text);
      if (!(parsed instanceof TargetEntry entry)) {
        violations.add(new RuleViolation(at, shown(text), (String) parsed));
        continue;
      }
      String first = seen.putIfAbsent(entry, at);
      if (first != null) {
        violations.add(
            new RuleViolation(
                at, shown(text), "an entry listed once; " + first + " has it already"));
        continue;
      }
      if (entry.header() != null
          && headerNames.add(entry.header())
          && headerNames.size() > MAX_HEADER_NAMES) {
        violations.add(
            new RuleViolation(
                at,
                shown(text),
                "header matches on at most " + MAX_HEADER_NAMES + " different header names"));
      }
    }
  }

  /** An entry as an error message shows it: cut at the bound, control characters as '?'. */
  static String shown(String text) {
    StringBuilder shown = new StringBuilder(Math.min(text.length(), 80) + 1);
    for (int i = 0; i < text.length() && shown.length() < 80; i++) {
      char c = text.charAt(i);
      shown.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > 80) {
      shown.append('…');
    }
    return shown.isEmpty() ? "''" : shown.toString();
  }

  /**
   * Whether no request is targeted.
   *
   * @return {@code true} when both lists are empty
   */
  public boolean isEmpty() {
    return modern.isEmpty() && legacy.isEmpty();
  }

  /**
   * Whether an entry is a key, as opposed to a header match.
   *
   * @return {@code true} if some entry is a sticky key
   */
  public boolean hasKeys() {
    for (List<String> list : List.of(modern, legacy)) {
      for (String entry : list) {
        if (!TargetEntry.isHeaderMatch(entry)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether an entry is written as a header match, well-formed or not.
   *
   * @param entry an entry
   * @return {@code true} when it starts with {@code header:}, in any case
   */
  public static boolean isHeaderMatch(String entry) {
    return TargetEntry.isHeaderMatch(entry);
  }

  /**
   * Every entry parsed, with the side it sends to; entries are valid, as the constructor checked.
   */
  Map<TargetEntry, Target> entries() {
    Map<TargetEntry, Target> entries = new HashMap<>();
    for (String text : modern) {
      entries.put((TargetEntry) TargetEntry.read(text), Target.MODERN);
    }
    for (String text : legacy) {
      entries.put((TargetEntry) TargetEntry.read(text), Target.LEGACY);
    }
    return entries;
  }
}
