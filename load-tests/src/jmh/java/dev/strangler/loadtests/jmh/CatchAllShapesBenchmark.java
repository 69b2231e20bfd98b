package dev.strangler.loadtests.jmh;

import dev.strangler.gateway.progress.CatchAllShapes;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every catch-all request pays for the migration's to-do list: {@link CatchAllShapes#record}
 * of its path, once its shape is known (the common case: the template's hash computed without
 * building it, an index lookup, a {@code LongAdder} increment). {@code shortPath}: three segments
 * with a numeric id; {@code uuidPath}: a UUID and a hex id among six segments; {@code manyShapes}:
 * the same, with 1000 shapes known. {@code contended}: 4 threads on one shape. Run with {@code
 * -prof gc} for the bytes allocated per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CatchAllShapesBenchmark {

  private final CatchAllShapes few = new CatchAllShapes(1000, Clock.systemUTC());

  private final CatchAllShapes many = new CatchAllShapes(1000, Clock.systemUTC());

  private final String shortPath = "/api/users/4711";

  private final String uuidPath =
      "/api/tenants/3f2504e0-4f89-11d3-9a0c-0305e82c3301/documents/5f3a9c21e4b0aa17/versions/12";

  @Setup
  public void knowTheShapes() {
    few.record(shortPath);
    few.record(uuidPath);
    few.fold();
    for (int i = 0; i < 999; i++) {
      many.record("/legacy/area-" + Integer.toString(i, 36) + "x/items/" + i);
    }
    many.record(uuidPath);
    many.fold();
  }

  @Benchmark
  public void shortPath() {
    few.record(shortPath);
  }

  @Benchmark
  public void uuidPath() {
    few.record(uuidPath);
  }

  @Benchmark
  public void manyShapes() {
    many.record(uuidPath);
  }

  @Benchmark
  @Threads(4)
  public void contended() {
    few.record(shortPath);
  }
}
