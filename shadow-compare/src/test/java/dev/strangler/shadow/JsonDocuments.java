package dev.strangler.shadow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random JSON for the fuzz tests: documents of any shape, odd numbers and strings included, and a
 * "modern" version of a document with random edits (values changed, members dropped or added, types
 * changed, arrays reordered), written out with random member order and whitespace.
 */
final class JsonDocuments {

  /** A parsed-free model of a JSON value, so that edits and re-serialization stay in our hands. */
  sealed interface Value permits Scalar, Obj, Arr {}

  record Scalar(String json) implements Value {}

  record Obj(List<String> names, List<Value> values) implements Value {}

  record Arr(List<Value> elements) implements Value {}

  static final List<String> ODD_NUMBERS =
      List.of(
          "0",
          "-0",
          "0.0",
          "-0.0",
          "1",
          "1.0",
          "1e0",
          "1E+0",
          "10e-1",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "123456789012345678901234567890",
          "1e308",
          "1e309",
          "-1e309",
          "1e999999999",
          "1e-999999999",
          "4.9e-324",
          "2.2250738585072014E-308",
          "0.1",
          "0.30000000000000004",
          "3.141592653589793238462643383279");

  static final List<String> ODD_STRINGS =
      List.of(
          "\"\"",
          "\"a\"",
          "\"Aa\"",
          "\"BB\"",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"\\udc00\\ud800\"",
          "\"\\ud83d\\ude00\"",
          "\"\\\"\"",
          "\"\\\\\"",
          "\"'\"",
          "\"a b\"",
          "\"$\"",
          "\"[*]\"",
          "\"ünïcödé\"",
          "\"\\u2028\"",
          "\"null\"",
          "\"1\"");

  private final SplittableRandom random;

  private JsonDocuments(long seed) {
    random = new SplittableRandom(seed);
  }

  static Value arbitrary(long seed) {
    return new JsonDocuments(seed).value(0);
  }

  /** A document and a modern version of it with up to a few edits. */
  static Value[] pair(long seed) {
    JsonDocuments docs = new JsonDocuments(seed);
    Value legacy = docs.value(0);
    Value modern = legacy;
    int edits = docs.random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      modern = docs.edit(modern, 0);
    }
    return new Value[] {legacy, modern};
  }

  /** Compact or spaced JSON, members in the model's order or shuffled by {@code seed}. */
  static String write(Value value, long seed, boolean shuffle) {
    StringBuilder out = new StringBuilder();
    new JsonDocuments(seed).write(value, out, shuffle);
    return out.toString();
  }

  private void write(Value value, StringBuilder out, boolean shuffle) {
    String space = random.nextInt(4) == 0 ? " \n\t " : "";
    if (value instanceof Scalar scalar) {
      out.append(scalar.json());
    } else if (value instanceof Obj object) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < object.names().size(); i++) {
        order.add(i);
      }
      if (shuffle) {
        Collections.shuffle(order, new java.util.Random(random.nextLong()));
      }
      out.append('{').append(space);
      for (int k = 0; k < order.size(); k++) {
        int i = order.get(k);
        out.append(k == 0 ? "" : "," + space);
        out.append(object.names().get(i)).append(space).append(':');
        write(object.values().get(i), out, shuffle);
      }
      out.append(space).append('}');
    } else if (value instanceof Arr array) {
      out.append('[').append(space);
      for (int i = 0; i < array.elements().size(); i++) {
        out.append(i == 0 ? "" : "," + space);
        write(array.elements().get(i), out, shuffle);
      }
      out.append(']');
    }
  }

  private Value value(int depth) {
    int kind = random.nextInt(depth > 5 ? 3 : 6);
    return switch (kind) {
      case 0 -> new Scalar(pick(ODD_NUMBERS));
      case 1 -> new Scalar(scalar());
      case 2 -> new Scalar(pick(ODD_STRINGS));
      case 3, 4 -> {
        int size = random.nextInt(6);
        List<String> names = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          String name = name();
          if (!names.contains(name)) {
            names.add(name);
            values.add(value(depth + 1));
          }
        }
        yield new Obj(names, values);
      }
      default -> {
        int size = random.nextInt(random.nextInt(10) == 0 ? 60 : 6);
        List<Value> elements = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          elements.add(value(depth + 1));
        }
        yield new Arr(elements);
      }
    };
  }

  private Value edit(Value value, int depth) {
    if (value instanceof Obj object && !object.names().isEmpty() && random.nextInt(3) > 0) {
      List<String> names = new ArrayList<>(object.names());
      List<Value> values = new ArrayList<>(object.values());
      int i = random.nextInt(names.size());
      switch (random.nextInt(4)) {
        case 0 -> {
          names.remove(i);
          values.remove(i);
        }
        case 1 -> {
          String name = name();
          if (!names.contains(name)) {
            names.add(name);
            values.add(value(depth + 1));
          }
        }
        default -> values.set(i, edit(values.get(i), depth + 1));
      }
      return new Obj(names, values);
    }
    if (value instanceof Arr array && !array.elements().isEmpty() && random.nextInt(3) > 0) {
      List<Value> elements = new ArrayList<>(array.elements());
      int i = random.nextInt(elements.size());
      switch (random.nextInt(4)) {
        case 0 -> elements.remove(i);
        case 1 -> Collections.shuffle(elements, new java.util.Random(random.nextLong()));
        case 2 -> elements.add(i, value(depth + 1));
        default -> elements.set(i, edit(elements.get(i), depth + 1));
      }
      return new Arr(elements);
    }
    return random.nextInt(4) == 0 ? new Scalar("null") : value(depth + 3);
  }

  /**
   * A member name. Not a lone surrogate: Jackson's byte parser refuses one in a name (in a value it
   * accepts it), and then the bodies are compared as bytes, which another property covers.
   */
  private String name() {
    return switch (random.nextInt(5)) {
      case 0 -> pick(ODD_STRINGS.stream().filter(s -> !s.contains("\\ud800")).toList());
      case 1 -> "\"" + "n".repeat(random.nextInt(300)) + "\"";
      default -> "\"m" + random.nextInt(8) + "\"";
    };
  }

  private String scalar() {
    return switch (random.nextInt(6)) {
      case 0 -> "true";
      case 1 -> "false";
      case 2 -> "null";
      case 3 -> Long.toString(random.nextLong());
      case 4 -> random.nextInt(-1000, 1000) + "." + random.nextInt(1000);
      default -> "\"s" + random.nextInt(20) + "\"";
    };
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
