package dev.strangler.rules;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes random YAML documents for the fuzz tests: arbitrary trees, and trees shaped like a rules
 * file (its keys, in its sections) whose values are plausible, odd or hostile. Scalars come plain,
 * quoted, escaped, tagged, anchored or as aliases; collections in block or flow style. Not every
 * document is valid YAML, on purpose: what the parser must do with any text is to accept it or to
 * refuse it with violations.
 */
final class YamlDocuments {

  static final List<String> ODD_SCALARS =
      List.of(
          "~",
          "null",
          "true",
          "no",
          "yes",
          "0",
          "-0",
          "0x1F",
          "0o17",
          "1_000",
          ".inf",
          "-.inf",
          ".nan",
          "1e999999999",
          "-1e-999999999",
          "12.345",
          "100.001",
          "150",
          "-1",
          "9223372036854775808",
          "123456789012345678901234567890.5",
          "2001-12-14",
          "2001-12-14t21:59:43.10-05:00",
          "''",
          "\"\"",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"\\x85\\u2028\"",
          "\"tab\\there\"",
          "'it''s'",
          "!!binary aGVsbG8=",
          "!!str 2024",
          "!!int '12'",
          "!!float 1",
          "!!bool yes",
          "!!null ''",
          "!!timestamp 2001-12-14",
          "!custom value",
          "!<tag:example.com,2000:x> y",
          "<<",
          "=",
          "*undefined",
          "&dangling",
          "{",
          "[",
          "- x",
          "? x",
          "|",
          ">-",
          "#comment",
          "%YAML 1.2",
          "---",
          "...",
          "ünïcödé",
          "😀",
          "\"\\U0001F600\"",
          "http://legacy:8080",
          "https://modern.example:8443/",
          "http://user@host:1",
          "http://h/path",
          "ftp://x",
          "http://[::1]:80",
          "http://ünïcode",
          "/api/**",
          "/a/**/b",
          "GET",
          "get",
          "BREW",
          "header:X-User-Id",
          "cookie:",
          "ip",
          "query:a b",
          "500ms",
          "0s",
          "99999999999999999999h",
          "10m",
          "$.a.b",
          "$..*",
          "$.a[",
          "canary",
          "shadow",
          "modern",
          "legacy",
          "rollback",
          "pause",
          "connect-failure");

  private static final List<List<String>> SECTIONS =
      List.of(
          RulesTreeReader.ROUTE_KEYS,
          RulesTreeReader.FALLBACK_KEYS,
          RulesTreeReader.CIRCUIT_BREAKER_KEYS,
          RulesTreeReader.SHADOW_KEYS,
          RulesTreeReader.COMPARE_KEYS,
          RulesTreeReader.PLAN_KEYS);

  private final SplittableRandom random;
  private final StringBuilder out = new StringBuilder();
  private int anchors;

  private YamlDocuments(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Any tree, any keys. */
  static String arbitrary(long seed) {
    YamlDocuments docs = new YamlDocuments(seed);
    docs.anyValue(0, 0);
    return docs.out.toString();
  }

  /** A mapping with the rules file's keys, routes with their sections, values of any kind. */
  static String rulesShaped(long seed) {
    YamlDocuments docs = new YamlDocuments(seed);
    docs.rules();
    return docs.out.toString();
  }

  /** The full example with one to four random line edits: deleted, doubled, moved, re-indented. */
  static String edited(String example, long seed) {
    YamlDocuments docs = new YamlDocuments(seed);
    List<String> lines = new java.util.ArrayList<>(example.lines().toList());
    int edits = 1 + docs.random.nextInt(4);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = docs.random.nextInt(lines.size());
      String line = lines.get(at);
      switch (docs.random.nextInt(6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> {
          int colon = line.indexOf(": ");
          lines.set(at, (colon < 0 ? line : line.substring(0, colon + 2)) + docs.scalar());
        }
        case 3 -> lines.set(at, (docs.random.nextBoolean() ? "  " : "") + line.stripLeading());
        case 4 -> lines.add(docs.random.nextInt(lines.size()), lines.remove(at));
        default -> lines.set(at, line + docs.pick(List.of(" # c", " ]", ",", "\t", ": x")));
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private void rules() {
    if (chance(9, 10)) {
      out.append("legacy: ").append(chance(3, 4) ? "http://legacy:8080" : scalar()).append('\n');
    }
    if (chance(1, 10)) {
      out.append(pick(List.of("route", "Legacy", "routes ", "extra"))).append(": ");
      out.append(scalar()).append('\n');
    }
    out.append("routes:");
    int routes = random.nextInt(4);
    if (routes == 0 || chance(1, 10)) {
      out.append(' ').append(scalar()).append('\n');
      return;
    }
    out.append('\n');
    for (int r = 0; r < routes; r++) {
      out.append("  -");
      section(RulesTreeReader.ROUTE_KEYS, "    ", true);
    }
  }

  /** A block mapping of a section's keys (most of them), each with a fitting or odd value. */
  private void section(List<String> keys, String indent, boolean afterDash) {
    boolean first = true;
    for (String key : keys) {
      if (!chance(2, 3)) {
        continue;
      }
      out.append(first && afterDash ? " " : indent);
      first = false;
      out.append(chance(1, 30) ? key.toUpperCase(java.util.Locale.ROOT) : key).append(':');
      List<String> nested = nestedKeys(key);
      if (nested != null && chance(3, 4)) {
        out.append('\n');
        section(nested, indent + "  ", false);
      } else if (chance(1, 3)) {
        out.append(' ').append(flowList());
        out.append('\n');
      } else {
        out.append(' ').append(scalar()).append('\n');
      }
      if (chance(1, 25)) {
        out.append(indent).append(key).append(": ").append(scalar()).append('\n');
      }
    }
    if (first) {
      out.append(afterDash ? " {}\n" : indent + "{}\n");
    }
  }

  private static List<String> nestedKeys(String key) {
    return switch (key) {
      case "fallback" -> SECTIONS.get(1);
      case "circuit-breaker" -> SECTIONS.get(2);
      case "shadow" -> SECTIONS.get(3);
      case "compare" -> SECTIONS.get(4);
      case "plan" -> SECTIONS.get(5);
      default -> null;
    };
  }

  private String flowList() {
    StringBuilder list = new StringBuilder("[");
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      list.append(i == 0 ? "" : ", ").append(chance(1, 8) ? flowValue(1) : scalar());
    }
    return list.append(']').toString();
  }

  private void anyValue(int depth, int indent) {
    int kind = random.nextInt(depth > 6 ? 2 : 5);
    switch (kind) {
      case 0, 1 -> out.append(scalar());
      case 2 -> out.append(flowValue(depth));
      case 3 -> {
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
          out.append('\n').append(" ".repeat(indent)).append("- ");
          anyValue(depth + 1, indent + 2);
        }
      }
      default -> {
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
          out.append('\n').append(" ".repeat(indent)).append(key()).append(": ");
          anyValue(depth + 1, indent + 2);
        }
      }
    }
  }

  private String flowValue(int depth) {
    if (depth > 8 || chance(1, 3)) {
      return scalar();
    }
    StringBuilder flow = new StringBuilder();
    if (chance(1, 6)) {
      flow.append('&').append("a").append(anchors++).append(' ');
    }
    int size = random.nextInt(4);
    boolean mapping = random.nextBoolean();
    flow.append(mapping ? '{' : '[');
    for (int i = 0; i < size; i++) {
      flow.append(i == 0 ? "" : ", ");
      if (mapping) {
        flow.append(key()).append(": ");
      }
      flow.append(flowValue(depth + 1));
    }
    return flow.append(mapping ? '}' : ']').toString();
  }

  private String key() {
    return switch (random.nextInt(6)) {
      case 0 -> pick(RulesTreeReader.ROUTE_KEYS);
      case 1 -> pick(RulesTreeReader.ROOT_KEYS);
      case 2 -> "\"" + "k".repeat(random.nextInt(200)) + "\"";
      case 3 -> Integer.toString(random.nextInt(100));
      case 4 -> "'odd key " + random.nextInt(10) + "'";
      default -> "k" + random.nextInt(5);
    };
  }

  private String scalar() {
    return switch (random.nextInt(10)) {
      case 0 -> anchors > 0 ? "*a" + random.nextInt(anchors) : "*a0";
      case 1 -> Integer.toString(random.nextInt(-1000, 100_000));
      case 2 -> random.nextInt(-100, 200) + "." + random.nextInt(1000);
      case 3 -> "\"" + randomText(true) + "\"";
      case 4 -> "'" + randomText(false).replace("'", "''") + "'";
      case 5 -> "&a" + anchors++ + " " + pick(ODD_SCALARS);
      default -> pick(ODD_SCALARS);
    };
  }

  /** Text for a quoted scalar: any code point, escaped in double quotes where YAML needs it. */
  private String randomText(boolean doubleQuoted) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(0, chance(1, 20) ? 2000 : 20);
    for (int i = 0; i < length; i++) {
      int c =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x20, 0x7F);
            case 1 -> random.nextInt(0, 0x20);
            case 2 -> random.nextInt(0x80, 0xD800);
            default -> random.nextInt(0x10000, 0x110000);
          };
      if (doubleQuoted && (c < 0x20 || c == '"' || c == '\\')) {
        text.append(String.format("\\x%02x", c));
      } else if (c >= 0x20 && c != 0x7F) {
        text.appendCodePoint(c);
      }
    }
    return text.toString();
  }

  private boolean chance(int in, int of) {
    return random.nextInt(of) < in;
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
