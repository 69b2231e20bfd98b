package dev.strangler.shadow.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.strangler.shadow.CompareOptions;
import dev.strangler.shadow.Difference;
import dev.strangler.shadow.ResponseComparator;
import dev.strangler.shadow.ResponseSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ResponseComparator#compare} against zjsonpatch's {@code JsonDiff.asJson} on the same
 * generated bodies. Parsing is included in both: the comparator parses the snapshots' body bytes
 * inside {@code compare}, the zjsonpatch benchmark parses the same bytes with a Jackson 2 {@code
 * ObjectMapper} before diffing. Building the snapshots (copy and SHA-256) happens once in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CompareBenchmark {

  /** Approximate size of each body. */
  @Param({"1024", "10240", "102400"})
  public int bodyBytes;

  private ResponseSnapshot legacy;
  private ResponseSnapshot modern;
  private byte[] legacyBytes;
  private byte[] modernBytes;
  private ResponseComparator byIndex;
  private ResponseComparator ignoringArrayOrder;
  private ObjectMapper jackson2;

  /** Generates the bodies and checks that both tools see the differences. */
  @Setup
  public void setUp() throws IOException {
    JsonBodies.Pair pair = JsonBodies.ofApproximateSize(bodyBytes);
    legacyBytes = pair.legacy();
    modernBytes = pair.modern();
    Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"));
    legacy = ResponseSnapshot.of(200, headers, legacyBytes);
    modern = ResponseSnapshot.of(200, headers, modernBytes);
    byIndex = ResponseComparator.of(CompareOptions.defaults());
    ignoringArrayOrder =
        ResponseComparator.of(new CompareOptions(Set.of(), List.of("$.meta.generatedAt"), true, 0));
    jackson2 = new ObjectMapper();
    int found = byIndex.compare(legacy, modern).size();
    int patched = zjsonpatch().size();
    if (found != 6 || patched == 0) {
      throw new IllegalStateException(
          "unexpected inputs: " + found + " differences, " + patched + " patch operations");
    }
  }

  /** The comparator with default options: arrays by index. */
  @Benchmark
  public List<Difference> shadowCompare() {
    return byIndex.compare(legacy, modern);
  }

  /** The comparator with arrays as multisets and one ignored field. */
  @Benchmark
  public List<Difference> shadowCompareIgnoreArrayOrder() {
    return ignoringArrayOrder.compare(legacy, modern);
  }

  /** zjsonpatch's RFC 6902 diff of the same bodies, parsing included. */
  @Benchmark
  public com.fasterxml.jackson.databind.JsonNode zjsonpatch() throws IOException {
    return JsonDiff.asJson(jackson2.readTree(legacyBytes), jackson2.readTree(modernBytes));
  }
}
