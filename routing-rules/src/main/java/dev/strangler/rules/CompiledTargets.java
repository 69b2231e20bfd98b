package dev.strangler.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@link Targets} ready for the request path: the keys in one hash table, the header
 * matches in one hash table per header name. Matching a request costs one lookup of its key and one
 * header read and lookup per targeted header name (at most {@value Targets#MAX_HEADER_NAMES}),
 * however many entries the lists hold, and allocates nothing.
 */
final class CompiledTargets {

  private static final CompiledTargets NONE =
      new CompiledTargets(Map.of(), new String[0], List.of());

  private final Map<String, Target> byKey;

  private final String[] headerNames;

  private final List<Map<String, Target>> byHeaderValue;

  private CompiledTargets(
      Map<String, Target> byKey, String[] headerNames, List<Map<String, Target>> byHeaderValue) {
    this.byKey = byKey;
    this.headerNames = headerNames;
    this.byHeaderValue = byHeaderValue;
  }

  static CompiledTargets of(Targets targets) {
    if (targets.isEmpty()) {
      return NONE;
    }
    Map<String, Target> byKey = new HashMap<>();
    Map<String, Map<String, Target>> byHeader = new HashMap<>();
    for (Map.Entry<TargetEntry, Target> entry : targets.entries().entrySet()) {
      String header = entry.getKey().header();
      if (header == null) {
        byKey.put(entry.getKey().value(), entry.getValue());
      } else {
        byHeader
            .computeIfAbsent(header, name -> new HashMap<>())
            .put(entry.getKey().value(), entry.getValue());
      }
    }
    String[] names = byHeader.keySet().toArray(new String[0]);
    List<Map<String, Target>> values = new ArrayList<>(names.length);
    for (String name : names) {
      values.add(Map.copyOf(byHeader.get(name)));
    }
    return new CompiledTargets(Map.copyOf(byKey), names, List.copyOf(values));
  }

  /**
   * The side the targets send a request to: legacy when an entry of the legacy list matches, else
   * modern when one of the modern list does, else none.
   *
   * @param key the request's sticky key, or null when it has none
   * @param request the request, for its headers
   * @return the side, or null when no entry matches
   */
  @Nullable Target match(@Nullable String key, RoutingRequest request) {
    Target matched = key == null || byKey.isEmpty() ? null : byKey.get(key);
    if (matched == Target.LEGACY) {
      return matched;
    }
    for (int i = 0; i < headerNames.length; i++) {
      String value = request.header(headerNames[i]);
      if (value == null) {
        continue;
      }
      Target byHeader = byHeaderValue.get(i).get(value);
      if (byHeader == Target.LEGACY) {
        return byHeader;
      }
      if (byHeader != null) {
        matched = byHeader;
      }
    }
    return matched;
  }
}
