package dev.strangler.gateway.admin;

import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Targets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks the bodies of admin calls.
 *
 * <p>A body is parsed as plain JSON into a tree and each field is checked by hand with the rules
 * library ({@link Mode#parse}, {@link Percent#of}): nothing in it is ever evaluated, resolved or
 * bound to a type it names. Every problem is reported at once, as {@code field: value (expected:
 * ...)}, the format of the rules file's errors. Unknown and duplicate fields are refused.
 */
final class AdminRequests {

  /** The longest reason accepted, in characters. */
  static final int MAX_REASON_LENGTH = 500;

  /** The largest body read, in bytes. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  /**
   * The largest body of {@code PUT /admin/routes/{id}/targets}, in bytes: room for the most entries
   * a route may have, each at its longest.
   */
  static final int MAX_TARGETS_BODY_BYTES = 4 * 1024 * 1024;

  private static final int MAX_ECHOED_LENGTH = 80;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private static final String MODES = "one of legacy, shadow, canary, modern";

  private static final String REASON_EXPECTED = "why, 1.." + MAX_REASON_LENGTH + " characters";

  private static final Set<String> ROLLOUT_FIELDS = Set.of("mode", "percent", "reason");

  private static final Set<String> REASON_FIELDS = Set.of("reason");

  private static final Set<String> TARGETS_FIELDS = Set.of("modern", "legacy", "reason");

  private static final String ENTRIES_EXPECTED =
      "a list of sticky keys and header matches header:NAME=value";

  private final JsonMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Reads {@code {"mode": ..., "percent": ..., "reason": ...}}. The percent may be left out except
   * in canary mode; the current one is kept then.
   *
   * @param body the request body
   * @param current the route's rollout in force
   * @return the new rollout and the reason
   * @throws AdminProblem a 400 naming every problem
   */
  RolloutRequest rollout(byte[] body, Rollout current) {
    List<String> errors = new ArrayList<>();
    JsonNode object = object(body, ROLLOUT_FIELDS, errors);
    if (object == null) {
      throw AdminProblem.invalid(errors);
    }
    Mode mode = mode(object.get("mode"), errors);
    Percent percent = percent(object.get("percent"), mode, current, errors);
    String reason = reason(object.get("reason"), errors);
    if (!errors.isEmpty() || mode == null || percent == null || reason == null) {
      throw AdminProblem.invalid(errors);
    }
    return new RolloutRequest(new Rollout(mode, percent), reason);
  }

  /**
   * Reads {@code {"modern": [...], "legacy": [...], "reason": ...}} for a route, with the checks of
   * the rules file: every entry well-formed, listed once on one list, at most {@value
   * Targets#MAX_ENTRIES} in all, keys only when the route has a sticky source. A list left out is
   * empty: {@code {"reason": ...}} alone clears the route's targets.
   *
   * @param body the request body
   * @param route the route, as the rules file has it
   * @return the targets and the reason
   * @throws AdminProblem a 400 naming every problem
   */
  TargetsRequest targets(byte[] body, RouteRule route) {
    List<String> errors = new ArrayList<>();
    JsonNode object = object(body, TARGETS_FIELDS, errors);
    if (object == null) {
      throw AdminProblem.invalid(errors);
    }
    List<String> modern = entries("modern", object.get("modern"), errors);
    List<String> legacy = entries("legacy", object.get("legacy"), errors);
    String reason = reason(object.get("reason"), errors);
    if (modern != null && legacy != null) {
      Targets.check(modern, legacy, "").forEach(violation -> errors.add(violation.toString()));
      if (errors.isEmpty() && route.stickyBy().isEmpty()) {
        checkHeaderMatchesOnly("modern", modern, errors);
        checkHeaderMatchesOnly("legacy", legacy, errors);
      }
    }
    if (!errors.isEmpty() || modern == null || legacy == null || reason == null) {
      throw AdminProblem.invalid(errors);
    }
    return new TargetsRequest(new Targets(modern, legacy), reason);
  }

  private static @Nullable List<String> entries(
      String field, @Nullable JsonNode value, List<String> errors) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      errors.add(field + ": " + echo(value) + " (expected: " + ENTRIES_EXPECTED + ")");
      return null;
    }
    List<String> entries = new ArrayList<>(value.size());
    boolean complete = true;
    for (int i = 0; i < value.size(); i++) {
      JsonNode entry = value.get(i);
      if (!entry.isString()) {
        errors.add(
            field
                + "["
                + i
                + "]: "
                + echo(entry)
                + " (expected: a string, a sticky key or header:NAME=value)");
        complete = false;
      } else {
        entries.add(entry.stringValue());
      }
    }
    return complete ? entries : null;
  }

  private static void checkHeaderMatchesOnly(
      String field, List<String> entries, List<String> errors) {
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      if (!Targets.isHeaderMatch(entry)) {
        errors.add(
            field
                + "["
                + i
                + "]: "
                + echo(entry)
                + " (expected: "
                + Targets.KEYS_NEED_STICKY_BY
                + ")");
      }
    }
  }

  /**
   * Reads {@code {"reason": ...}}.
   *
   * @param body the request body
   * @return the reason
   * @throws AdminProblem a 400 naming every problem
   */
  String reason(byte[] body) {
    List<String> errors = new ArrayList<>();
    JsonNode object = object(body, REASON_FIELDS, errors);
    String reason = object == null ? null : reason(object.get("reason"), errors);
    if (!errors.isEmpty() || reason == null) {
      throw AdminProblem.invalid(errors);
    }
    return reason;
  }

  /**
   * Checks a reason given outside a body, e.g. as a query parameter.
   *
   * @param value the reason, or null when none was given
   * @return the reason, or null
   * @throws AdminProblem a 400 when it is unfit
   */
  @Nullable String optionalReason(@Nullable String value) {
    if (value == null) {
      return null;
    }
    List<String> errors = new ArrayList<>();
    String reason = checkReason(value, errors);
    if (!errors.isEmpty()) {
      throw AdminProblem.invalid(errors);
    }
    return reason;
  }

  private @Nullable JsonNode object(byte[] body, Set<String> fields, List<String> errors) {
    if (body.length == 0) {
      errors.add(
          "body: <missing> (expected: a JSON object with "
              + String.join(", ", sorted(fields))
              + ")");
      return null;
    }
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JacksonException ex) {
      errors.add("body: not JSON (expected: a JSON object; " + echo(ex.getOriginalMessage()) + ")");
      return null;
    }
    if (tree == null || !tree.isObject()) {
      errors.add("body: " + echo(tree) + " (expected: a JSON object)");
      return null;
    }
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      if (!fields.contains(field.getKey())) {
        errors.add(
            echo(field.getKey())
                + ": "
                + echo(field.getValue())
                + " (expected: one of "
                + String.join(", ", sorted(fields))
                + ")");
      }
    }
    return tree;
  }

  private static @Nullable Mode mode(@Nullable JsonNode value, List<String> errors) {
    if (value == null || value.isNull()) {
      errors.add("mode: <missing> (expected: " + MODES + ")");
      return null;
    }
    if (!value.isString()) {
      errors.add("mode: " + echo(value) + " (expected: " + MODES + ")");
      return null;
    }
    try {
      return Mode.parse(value.stringValue());
    } catch (IllegalArgumentException ex) {
      errors.add("mode: " + echo(value.stringValue()) + " (expected: " + MODES + ")");
      return null;
    }
  }

  private static @Nullable Percent percent(
      @Nullable JsonNode value, @Nullable Mode mode, Rollout current, List<String> errors) {
    if (value == null || value.isNull()) {
      if (mode == Mode.CANARY) {
        errors.add("percent: <missing> (expected: a number 0..100 in canary mode)");
        return null;
      }
      return current.percent();
    }
    if (!value.isNumber()) {
      errors.add("percent: " + echo(value) + " (expected: a number 0..100)");
      return null;
    }
    BigDecimal number = value.decimalValue();
    if (number.signum() < 0 || number.compareTo(HUNDRED) > 0) {
      errors.add("percent: " + echo(value) + " (expected: 0..100)");
      return null;
    }
    if (number.stripTrailingZeros().scale() > 2) {
      errors.add("percent: " + echo(value) + " (expected: at most 2 decimals)");
      return null;
    }
    return Percent.of(number);
  }

  private static @Nullable String reason(@Nullable JsonNode value, List<String> errors) {
    if (value == null || value.isNull()) {
      errors.add("reason: <missing> (expected: " + REASON_EXPECTED + ")");
      return null;
    }
    if (!value.isString()) {
      errors.add("reason: " + echo(value) + " (expected: " + REASON_EXPECTED + ")");
      return null;
    }
    return checkReason(value.stringValue(), errors);
  }

  private static @Nullable String checkReason(String value, List<String> errors) {
    String reason = value.strip();
    if (reason.isEmpty()) {
      errors.add("reason: \"" + value + "\" (expected: " + REASON_EXPECTED + ")");
      return null;
    }
    if (reason.length() > MAX_REASON_LENGTH) {
      errors.add(
          "reason: <"
              + reason.length()
              + " characters> (expected: at most "
              + MAX_REASON_LENGTH
              + " characters)");
      return null;
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      errors.add(
          "reason: " + echo(reason) + " (expected: one line of text, no control characters)");
      return null;
    }
    return reason;
  }

  private static List<String> sorted(Set<String> fields) {
    return fields.stream().sorted().toList();
  }

  /**
   * A value as an error message shows it: strings as they are, other JSON compact; short and on one
   * line.
   */
  private static String echo(@Nullable Object value) {
    String text;
    if (value == null) {
      text = "null";
    } else if (value instanceof JsonNode node) {
      text = node.isString() ? node.stringValue() : node.toString();
    } else {
      text = value.toString();
    }
    StringBuilder echoed = new StringBuilder(Math.min(text.length(), MAX_ECHOED_LENGTH + 1));
    for (int i = 0; i < text.length() && echoed.length() < MAX_ECHOED_LENGTH; i++) {
      char c = text.charAt(i);
      echoed.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX_ECHOED_LENGTH) {
      echoed.append('…');
    }
    return echoed.toString();
  }

  /**
   * A change of targets asked for.
   *
   * @param targets the new targets
   * @param reason why
   */
  record TargetsRequest(Targets targets, String reason) {}

  /**
   * A rollout change asked for.
   *
   * @param rollout the new rollout
   * @param reason why
   */
  record RolloutRequest(Rollout rollout, String reason) {}
}
