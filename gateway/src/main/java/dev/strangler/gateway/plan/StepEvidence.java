package dev.strangler.gateway.plan;

import dev.strangler.rules.Percent;
import dev.strangler.rules.Target;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * What this replica saw of one route in one plan step: the requests the step's percent decided
 * ({@link #decidedBy}), per side, their failures, and a {@link LatencyReservoir} of each side's
 * latencies after the step's warm-up; with the route's diff counts when the step began, so that the
 * step's compared and breaking pairs are what came since.
 *
 * <p>Recording is lock-free and allocation-free (counters are {@link LongAdder}s); one instance
 * lives for one step ({@link #step()}), and the next step gets a new one, so nothing is ever reset
 * under a writer.
 */
final class StepEvidence {

  private final String step;

  private final int basisPoints;

  private final long warmUpEndsNanos;

  private final long comparedBase;

  private final long breakingBase;

  private final Side modern;

  private final Side legacy;

  private final RandomGenerator random;

  StepEvidence(
      String step,
      Percent percent,
      long warmUpEndsNanos,
      int capacity,
      long comparedBase,
      long breakingBase,
      RandomGenerator random) {
    this.step = step;
    this.basisPoints = percent.basisPoints();
    this.warmUpEndsNanos = warmUpEndsNanos;
    this.comparedBase = comparedBase;
    this.breakingBase = breakingBase;
    this.modern = new Side(capacity);
    this.legacy = new Side(capacity);
    this.random = random;
  }

  /**
   * Returns the step this evidence is of.
   *
   * @return the step this evidence belongs to, {@code index@start}
   */
  String step() {
    return step;
  }

  /**
   * Tells whether a request decided at a canary percent belongs to this step: only the step's own
   * percent does. A request decided by the step before (on a replica that had not yet applied the
   * move, or in flight across it) is not this step's evidence: at a 100 % step it would be a legacy
   * request that keeps the latency gate waiting for legacy samples that never come.
   *
   * @param decidedAt the canary percent in force when the request was decided
   * @return whether it is the step's percent
   */
  boolean decidedBy(Percent decidedAt) {
    return decidedAt.basisPoints() == basisPoints;
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
    Side side = decided == Target.MODERN ? modern : legacy;
    side.requests.increment();
    boolean fellBack = answered != decided;
    if (failed || fellBack) {
      side.failures.increment();
    }
    if (!fellBack && endNanos - warmUpEndsNanos >= 0) {
      side.latencies.add(nanos / 1_000, random);
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
    long modernRequests = modern.requests.sum();
    long legacyRequests = legacy.requests.sum();
    return new EvidenceSnapshot(
        step,
        modernRequests,
        Math.min(modernRequests, modern.failures.sum()),
        legacyRequests,
        Math.min(legacyRequests, legacy.failures.sum()),
        modern.latencies.offered(),
        modern.latencies.snapshot(),
        legacy.latencies.offered(),
        legacy.latencies.snapshot(),
        comparedSince,
        Math.min(comparedSince, breakingSince));
  }

  /** The counters and latencies of one side. */
  private static final class Side {

    final LongAdder requests = new LongAdder();

    final LongAdder failures = new LongAdder();

    final LatencyReservoir latencies;

    Side(int capacity) {
      this.latencies = new LatencyReservoir(capacity);
    }
  }
}
