package dev.strangler.loadtests.jmh;

import dev.strangler.shadow.CompareOptions;
import dev.strangler.shadow.Difference;
import dev.strangler.shadow.ResponseComparator;
import dev.strangler.shadow.ResponseSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the shadow diff ({@link ResponseComparator#compare}: both bodies parsed, the trees
 * walked) against body size and tree shape, to see how it grows: linear growth shows as a constant
 * time per byte ({@code ns/op} divided by {@code bytes}).
 *
 * <ul>
 *   <li>{@code wide}: one object with a member per value;
 *   <li>{@code deep}: a list of chains of objects nested 64 levels deep (the comparator compares up
 *       to 500 levels);
 *   <li>{@code array}: an array of small objects (an order list), compared by index;
 *   <li>{@code shuffled}: the same array, modern's in another order, compared as multisets ({@code
 *       ignore-array-order}).
 * </ul>
 *
 * <p>Each pair differs in three values (at the start, the middle and the end), so that the bodies
 * are parsed and walked whole, as in the gateway's shadow compare of two answers that differ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CompareShapesBenchmark {

  /** The size of each body, about. */
  @Param({"1024", "10240", "102400", "1024000"})
  public int bytes;

  /** The tree shape: wide, deep, array or shuffled. */
  @Param({"wide", "deep", "array", "shuffled"})
  public String shape;

  private ResponseSnapshot legacy;

  private ResponseSnapshot modern;

  private ResponseComparator comparator;

  /** Generates the pair and checks that the comparator finds its differences. */
  @Setup
  public void generate() {
    List<String> legacyValues = values(shape);
    List<String> modernValues = new ArrayList<>(legacyValues);
    int last = modernValues.size() - 1;
    modernValues.set(0, modernValues.get(0).replace("\"v\":", "\"v\":1"));
    modernValues.set(last / 2, modernValues.get(last / 2).replace("\"v\":", "\"v\":1"));
    modernValues.set(last, modernValues.get(last).replace("\"v\":", "\"v\":1"));
    boolean multiset = "shuffled".equals(shape);
    if (multiset) {
      Collections.shuffle(modernValues, new Random(42));
    }
    Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"));
    legacy = ResponseSnapshot.of(200, headers, document(shape, legacyValues));
    modern = ResponseSnapshot.of(200, headers, document(shape, modernValues));
    comparator =
        ResponseComparator.of(
            multiset
                ? new CompareOptions(Set.of(), List.of(), true, 0)
                : CompareOptions.defaults());
    int found = comparator.compare(legacy, modern).size();
    if (found < 3 || found > 6) {
      throw new IllegalStateException(shape + " " + bytes + ": " + found + " differences");
    }
  }

  @Benchmark
  public List<Difference> compare() {
    return comparator.compare(legacy, modern);
  }

  /** The values (members or elements) of a document of about {@code bytes} bytes. */
  private List<String> values(String kind) {
    List<String> values = new ArrayList<>();
    int size = 2;
    for (int i = 0; size < bytes; i++) {
      String value =
          switch (kind) {
            case "wide" -> "\"member-" + i + "\":{\"v\":" + i + "}";
            case "deep" -> chain(i, 64);
            case "array", "shuffled" ->
                "{\"id\":"
                    + i
                    + ",\"sku\":\"SKU-"
                    + i
                    + "\",\"price\":"
                    + (5 + i % 100 / 10.0)
                    + ",\"tags\":[\"a\",\"b\"],\"v\":"
                    + i
                    + "}";
            default -> throw new IllegalArgumentException("shape: " + kind);
          };
      values.add(value);
      size += value.length() + 1;
    }
    return values;
  }

  private static String chain(int i, int depth) {
    StringBuilder chain = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      chain.append("{\"n").append(d).append("\":");
    }
    chain.append("{\"v\":").append(i).append('}');
    chain.append("}".repeat(depth));
    return chain.toString();
  }

  private static byte[] document(String kind, List<String> values) {
    String joined = String.join(",", values);
    String json = "wide".equals(kind) ? "{" + joined + "}" : "[" + joined + "]";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
