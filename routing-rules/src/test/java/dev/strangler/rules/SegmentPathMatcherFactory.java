package dev.strangler.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A test stand-in for the gateway's PathPattern-based factory: literal segments, {@code *} for
 * exactly one segment, and a trailing {@code /**} for zero or more segments. Its literal prefixes
 * feed the router's path index, as the gateway's do.
 */
final class SegmentPathMatcherFactory implements PathMatcherFactory {

  static final SegmentPathMatcherFactory INSTANCE = new SegmentPathMatcherFactory();

  @Override
  public PathMatcher compile(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a pattern starting with /");
    }
    List<String> segments = segments(pattern);
    boolean anyTail = !segments.isEmpty() && segments.get(segments.size() - 1).equals("**");
    List<String> fixed = anyTail ? segments.subList(0, segments.size() - 1) : segments;
    for (String segment : fixed) {
      if (segment.equals("**")) {
        throw new IllegalArgumentException("** only as the last segment");
      }
      if (!segment.equals("*") && (segment.contains("*") || segment.contains("{"))) {
        throw new IllegalArgumentException("literal segments, * or a trailing /**");
      }
    }
    String[] parts = fixed.toArray(new String[0]);
    return request -> matches(parts, anyTail, segments(request.path()));
  }

  @Override
  public List<String> literalPrefix(String pattern) {
    List<String> prefix = new ArrayList<>();
    for (String segment : segments(pattern)) {
      if (segment.contains("*")) {
        break;
      }
      prefix.add(segment);
    }
    return prefix;
  }

  @Override
  public @Nullable String pathSegment(RoutingRequest request, int index) {
    List<String> segments = segments(request.path());
    return index < segments.size() ? segments.get(index) : null;
  }

  private static boolean matches(String[] pattern, boolean anyTail, List<String> path) {
    if (anyTail ? path.size() < pattern.length : path.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
  }
}
