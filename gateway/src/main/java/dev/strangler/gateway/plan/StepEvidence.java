package dev.strangler.gateway.plan;

import dev.strangler.rules.Target;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * What this replica saw of one route in one plan step: the requests the step's percent decided, per
 * side, their failures, and a {@link LatencyReservoir} of each side's latencies after the step's
 * warm-up; with the route's diff counts when the step began, so that the step's compared and
 * breaking pairs are what came since.
 *
 * <p>Recording is lock-free and allocation-free (counters are {@link LongAdder}s); one instance
 * lives for one step ({@link #step()}), and the next step gets a new one, so nothing is ever reset
 * under a writer.
 */
@SuppressWarnings("EnumOrdinal") // counters and reservoirs by side, in arrays indexed by ordinal
final class StepEvidence {

  private final String step;

  private final long warmUpEndsNanos;

  private final long comparedBase;

  private final long breakingBase;

  private final LongAdder[] requests = {new LongAdder(), new LongAdder()};

  private final LongAdder[] failures = {new LongAdder(), new LongAdder()};

  private final LatencyReservoir[] latencies;

  private final RandomGenerator random;

  StepEvidence(
      String step,
      long warmUpEndsNanos,
      int capacity,
      long comparedBase,
      long breakingBase,
      RandomGenerator random) {
    this.step = step;
    this.warmUpEndsNanos = warmUpEndsNanos;
    this.comparedBase = comparedBase;
    this.breakingBase = breakingBase;
    this.latencies =
        new LatencyReservoir[] {new LatencyReservoir(capacity), new LatencyReservoir(capacity)};
    this.random = random;
  }

  /** Returns the step this evidence belongs to, {@code index@start}. */
  String step() {
    return step;
  }

  /**
   * Records one request the step's percent decided.
   *
   * @param decided the side the percent sent it to
   * @param answered the side that answered: the other one after a fallback
   * @param failed whether it failed: a 5xx answer, or modern's fallback to legacy
   * @param nanos how long it took
   * @param endNanos when it ended, by {@link System#nanoTime()}
   */
  void record(Target decided, Target answered, boolean failed, long nanos, long endNanos) {
    int side = decided.ordinal();
    requests[side].increment();
    boolean fellBack = answered != decided;
    if (failed || fellBack) {
      failures[side].increment();
    }
    if (!fellBack && endNanos - warmUpEndsNanos >= 0) {
      latencies[side].add(nanos / 1_000, random);
    }
  }

  /**
   * Returns what the step has seen so far.
   *
   * @param compared the route's compared pairs now, on this replica
   * @param breaking the route's pairs with a breaking difference now
   * @return what the step has seen so far
   */
  EvidenceSnapshot snapshot(long compared, long breaking) {
    // a report reset since the step began counts from zero
    long comparedSince = compared >= comparedBase ? compared - comparedBase : compared;
    long breakingSince = breaking >= breakingBase ? breaking - breakingBase : breaking;
    int modern = Target.MODERN.ordinal();
    int legacy = Target.LEGACY.ordinal();
    long modernRequests = requests[modern].sum();
    long legacyRequests = requests[legacy].sum();
    return new EvidenceSnapshot(
        step,
        modernRequests,
        Math.min(modernRequests, failures[modern].sum()),
        legacyRequests,
        Math.min(legacyRequests, failures[legacy].sum()),
        latencies[modern].offered(),
        latencies[modern].snapshot(),
        latencies[legacy].offered(),
        latencies[legacy].snapshot(),
        comparedSince,
        Math.min(comparedSince, breakingSince));
  }
}
