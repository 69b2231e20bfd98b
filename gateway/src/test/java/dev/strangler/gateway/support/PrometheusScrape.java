package dev.strangler.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series of a Prometheus text exposition ({@code /actuator/prometheus}): for each sample name
 * (a histogram's {@code _bucket}, {@code _count} and {@code _sum} each count as one), the values
 * each of its labels took.
 */
public final class PrometheusScrape {

  private final Map<String, Map<String, Set<String>>> labelsByName;

  private PrometheusScrape(Map<String, Map<String, Set<String>>> labelsByName) {
    this.labelsByName = labelsByName;
  }

  /**
   * @param exposition the text format, version 0.0.4
   * @return its series
   * @throws IllegalArgumentException naming a line it cannot read
   */
  public static PrometheusScrape parse(String exposition) {
    Map<String, Map<String, Set<String>>> labelsByName = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      boolean hasLabels = brace > 0 && (space < 0 || brace < space);
      String name = line.substring(0, hasLabels ? brace : space);
      Map<String, Set<String>> labels = labelsByName.computeIfAbsent(name, key -> new TreeMap<>());
      if (hasLabels) {
        labels(line, brace + 1)
            .forEach(
                (label, value) -> labels.computeIfAbsent(label, key -> new TreeSet<>()).add(value));
      }
    }
    return new PrometheusScrape(labelsByName);
  }

  private static Map<String, String> labels(String line, int from) {
    Map<String, String> labels = new LinkedHashMap<>();
    int at = from;
    while (line.charAt(at) != '}') {
      int equals = line.indexOf('=', at);
      String label = line.substring(at, equals);
      if (line.charAt(equals + 1) != '"') {
        throw new IllegalArgumentException("a label value without quotes: " + line);
      }
      StringBuilder value = new StringBuilder();
      at = equals + 2;
      while (line.charAt(at) != '"') {
        char c = line.charAt(at++);
        if (c == '\\') {
          char escaped = line.charAt(at++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      labels.put(label, value.toString());
      at++;
      if (line.charAt(at) == ',') {
        at++;
      }
    }
    return labels;
  }

  /**
   * @return every sample name
   */
  public Set<String> names() {
    return labelsByName.keySet();
  }

  /**
   * @param name a sample name
   * @return whether the exposition has it
   */
  public boolean has(String name) {
    return labelsByName.containsKey(name);
  }

  /**
   * @param name a sample name
   * @return its labels and the values each took; empty when there is no such sample
   */
  public Map<String, Set<String>> labels(String name) {
    return labelsByName.getOrDefault(name, Map.of());
  }
}
