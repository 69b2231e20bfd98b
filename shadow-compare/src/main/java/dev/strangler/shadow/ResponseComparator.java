package dev.strangler.shadow;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the legacy and the modern response to one mirrored request.
 *
 * <p>Rules, in the order the differences are listed:
 *
 * <ol>
 *   <li><b>Status</b> ({@code status}): breaking when the status class (1xx, 2xx, 3xx, 4xx, 5xx)
 *       changed, else changed.
 *   <li><b>Headers</b> ({@code header:<lower-case-name>}, by name in alphabetical order), except
 *       {@link CompareOptions#ignoreHeaders()} and the sensitive ones, which snapshots never hold:
 *       missing in modern is breaking, extra in modern additive, other values changed. Values are
 *       compared as ordered lists, each value trimmed. Nothing else is left out by default, not
 *       even {@code Date} or hop-by-hop headers: routes list what varies.
 *   <li><b>Body</b>: when both sides are identical (same length and SHA-256 digest) there is
 *       nothing to report. When either side is {@linkplain ResponseSnapshot#truncated() truncated},
 *       one {@code value}/{@code changed} difference at {@code $} whose values read {@code <N
 *       bytes, sha256=HEX>}. When both content types are JSON ({@code application/json} or {@code
 *       +json}) and both bodies parse, structurally: a member only legacy has is {@code
 *       missing}/breaking, one only modern has {@code extra}/additive, a different node type {@code
 *       type}/breaking, a value that became {@code null} {@code value}/breaking, any other value
 *       difference (including {@code null} becoming a value) {@code value}/changed; numbers within
 *       {@link CompareOptions#numericTolerance()} are equal and {@code 1} equals {@code 1.0};
 *       arrays are compared by index (extra length gives {@code missing} or {@code extra} at {@code
 *       [i]}), or as multisets with {@link CompareOptions#ignoreArrayOrder()} (an element of legacy
 *       with no equivalent element in modern is {@code missing} at {@code path[*]}, the reverse
 *       {@code extra}). Otherwise the bodies are compared as bytes: one {@code value}/{@code
 *       changed} difference at {@code $}.
 * </ol>
 *
 * <p>Bounds: whatever the bodies hold, a comparison returns in time and memory linear in their
 * size. It lists at most {@value #MAX_DIFFERENCES} differences (the walk stops there), cuts paths
 * to {@value #MAX_PATH_CHARS} characters, compares bodies nested deeper than {@value
 * #MAX_NESTING_DEPTH} levels as bytes, and spends at most {@value #PAIRING_STEPS_PER_BYTE} node
 * visits per body byte (and at least {@value #MIN_PAIRING_STEPS}) on pairing the elements of arrays
 * compared as multisets; elements not paired when that is spent are reported unpaired.
 *
 * <p>Instances are immutable and thread-safe; build one per route and reuse it.
 */
public final class ResponseComparator {

  /**
   * The most differences one comparison lists. The walk stops at the last one, so the memory a pair
   * of bodies can take in differences does not grow with the number of their elements.
   */
  public static final int MAX_DIFFERENCES = 1000;

  /**
   * The longest path of a difference; a longer one (long member names, deep nesting) is cut and
   * ends in {@code …}.
   */
  public static final int MAX_PATH_CHARS = 1024;

  /** The deepest JSON nesting compared structurally; deeper bodies are compared as bytes. */
  public static final int MAX_NESTING_DEPTH = 500;

  /** Node visits multiset pairing may spend per byte of the two bodies. */
  public static final int PAIRING_STEPS_PER_BYTE = 4;

  /** Node visits multiset pairing may always spend, however small the bodies. */
  public static final int MIN_PAIRING_STEPS = 100_000;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final CompareOptions options;
  private final PathMatcher ignoreFields;
  private final JsonTreeDiff tree;

  private ResponseComparator(CompareOptions options) {
    this.options = options;
    this.ignoreFields = PathMatcher.compile(options.ignoreFields(), "ignoreFields");
    this.tree =
        new JsonTreeDiff(ignoreFields, options.ignoreArrayOrder(), options.numericTolerance());
  }

  /**
   * A comparator with the given options; the ignore expressions are compiled here, once.
   *
   * @param options what to ignore and tolerate
   * @return the comparator
   * @throws NullPointerException when options is null
   */
  public static ResponseComparator of(CompareOptions options) {
    return new ResponseComparator(Objects.requireNonNull(options, "options"));
  }

  /**
   * The options this comparator applies.
   *
   * @return the options
   */
  public CompareOptions options() {
    return options;
  }

  /**
   * Compares two responses to the same request. Never throws on the content of the responses: an
   * unparsable JSON body is compared as bytes.
   *
   * @param legacy the legacy (reference) response
   * @param modern the modern response, or a second legacy instance's for noise
   * @return the differences in rule order (status, headers, body), at most {@value
   *     #MAX_DIFFERENCES}, unmodifiable, empty when equal
   * @throws NullPointerException when a snapshot is null
   */
  public List<Difference> compare(ResponseSnapshot legacy, ResponseSnapshot modern) {
    Objects.requireNonNull(legacy, "legacy");
    Objects.requireNonNull(modern, "modern");
    List<Difference> out = new ArrayList<>();
    status(legacy.status(), modern.status(), out);
    headers(legacy, modern, out);
    body(legacy, modern, out);
    return Collections.unmodifiableList(out);
  }

  private static void status(int legacy, int modern, List<Difference> out) {
    if (legacy != modern) {
      Severity severity = legacy / 100 != modern / 100 ? Severity.BREAKING : Severity.CHANGED;
      out.add(
          new Difference(
              "status",
              DiffKind.STATUS,
              severity,
              Integer.toString(legacy),
              Integer.toString(modern)));
    }
  }

  private void headers(ResponseSnapshot legacy, ResponseSnapshot modern, List<Difference> out) {
    Set<String> names = new TreeSet<>(legacy.headers().keySet());
    names.addAll(modern.headers().keySet());
    Set<String> ignored = options.ignoreHeaders();
    for (String name : names) {
      if (out.size() >= MAX_DIFFERENCES) {
        return;
      }
      if (ignored.contains(name) || ResponseSnapshot.isSensitiveHeader(name)) {
        continue;
      }
      List<String> legacyValues = trimmed(legacy.header(name));
      List<String> modernValues = trimmed(modern.header(name));
      if (legacyValues.equals(modernValues)) {
        continue;
      }
      Severity severity =
          modernValues.isEmpty()
              ? Severity.BREAKING
              : legacyValues.isEmpty() ? Severity.ADDITIVE : Severity.CHANGED;
      out.add(
          new Difference(
              "header:" + name,
              DiffKind.HEADER,
              severity,
              joined(legacyValues),
              joined(modernValues)));
    }
  }

  private static List<String> trimmed(List<String> values) {
    List<String> result = new ArrayList<>(values.size());
    for (String value : values) {
      result.add(value.trim());
    }
    return result;
  }

  private static @Nullable String joined(List<String> values) {
    return values.isEmpty() ? null : String.join(", ", values);
  }

  private void body(ResponseSnapshot legacy, ResponseSnapshot modern, List<Difference> out) {
    if (legacy.sameBody(modern)
        || PathMatcher.isMatched(ignoreFields.start())
        || out.size() >= MAX_DIFFERENCES) {
      return;
    }
    if (legacy.truncated() || modern.truncated()) {
      out.add(
          new Difference(
              "$", DiffKind.VALUE, Severity.CHANGED, describe(legacy), describe(modern)));
      return;
    }
    if (legacy.isJson() && modern.isJson()) {
      JsonNode legacyTree = parse(legacy.bodyBytes());
      JsonNode modernTree = parse(modern.bodyBytes());
      if (legacyTree != null && modernTree != null) {
        long bytes = (long) legacy.bodyBytes().length + modern.bodyBytes().length;
        tree.compare(
            legacyTree,
            modernTree,
            out,
            Math.max(MIN_PAIRING_STEPS, PAIRING_STEPS_PER_BYTE * bytes));
        return;
      }
    }
    if (!Arrays.equals(legacy.bodyBytes(), modern.bodyBytes())) {
      out.add(new Difference("$", DiffKind.VALUE, Severity.CHANGED, text(legacy), text(modern)));
    }
  }

  private static @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The body as UTF-8 text when it is valid UTF-8, else its length and digest. */
  private static String text(ResponseSnapshot snapshot) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(snapshot.bodyBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      return describe(snapshot);
    }
  }

  private static String describe(ResponseSnapshot snapshot) {
    return "<" + snapshot.bodyLength() + " bytes, sha256=" + snapshot.sha256Hex() + ">";
  }
}
