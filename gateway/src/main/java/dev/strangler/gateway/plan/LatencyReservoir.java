package dev.strangler.gateway.plan;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A bounded uniform random sample of latencies (Vitter's algorithm R), recorded from many threads
 * at once without a lock: the latency gate's evidence of one side of a route in one plan step.
 *
 * <p>Design: the {@code n}-th latency offered takes a free slot while there is one, then replaces a
 * random slot with probability {@code capacity / n}, so every latency offered is in the sample with
 * the same probability. Recording costs one atomic increment, one random draw and one release store
 * into an {@link AtomicIntegerArray}, and allocates nothing; latencies are kept as whole
 * microseconds, 4 bytes a slot ({@code capacity * 4} bytes, 4 KB at the default 1000). Slots not
 * written yet hold {@value #EMPTY} and are left out of a snapshot, so a reader racing a writer sees
 * each slot's old or new latency, never a torn one.
 */
final class LatencyReservoir {

  /** What a slot holds before its first latency. */
  static final int EMPTY = -1;

  private final AtomicIntegerArray slots;

  private final AtomicLong offered = new AtomicLong();

  LatencyReservoir(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: at least 1)");
    }
    int[] empty = new int[capacity];
    Arrays.fill(empty, EMPTY);
    this.slots = new AtomicIntegerArray(empty);
  }

  /**
   * Offers one latency.
   *
   * @param micros the latency in microseconds, 0 or more (longer ones are kept as {@link
   *     Integer#MAX_VALUE}, 35 minutes)
   * @param random draws the slot to replace; thread-safe
   */
  void add(long micros, RandomGenerator random) {
    int value = (int) Math.min(Math.max(micros, 0), Integer.MAX_VALUE);
    long n = offered.incrementAndGet();
    int capacity = slots.length();
    if (n <= capacity) {
      slots.lazySet((int) (n - 1), value);
      return;
    }
    long slot = random.nextLong(n);
    if (slot < capacity) {
      slots.lazySet((int) slot, value);
    }
  }

  /** Returns the latencies offered so far, sampled or not. */
  long offered() {
    return offered.get();
  }

  /** Returns the sample now, in microseconds, in no particular order; at most the capacity. */
  int[] snapshot() {
    int size = (int) Math.min(offered.get(), slots.length());
    int[] sample = new int[size];
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int value = slots.get(i);
      if (value != EMPTY) {
        sample[kept++] = value;
      }
    }
    return kept == size ? sample : Arrays.copyOf(sample, kept);
  }
}
