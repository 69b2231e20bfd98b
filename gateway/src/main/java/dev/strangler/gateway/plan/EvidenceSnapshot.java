package dev.strangler.gateway.plan;

import java.util.Objects;

/**
 * One replica's evidence of one route in one plan step, as it publishes it to the plan judge (JSON
 * in the shared figures): counts, and the latency samples with the number of latencies each was
 * drawn from.
 *
 * @param step the step, {@code index@start} of its plan state
 * @param modernRequests modern calls the percent decided
 * @param modernFailures of those, 5xx answers and fallbacks to legacy
 * @param legacyRequests legacy calls the percent decided
 * @param legacyFailures of those, 5xx answers
 * @param modernOffered modern latencies after the warm-up, sampled or not
 * @param modernMicros the sample of them, microseconds
 * @param legacyOffered legacy latencies after the warm-up, sampled or not
 * @param legacyMicros the sample of them, microseconds
 * @param comparedPairs shadow pairs compared in the step
 * @param breakingPairs of those, pairs with a breaking difference
 */
@SuppressWarnings("ArrayRecordComponent") // samples of thousands of ints, never compared as records
record EvidenceSnapshot(
    String step,
    long modernRequests,
    long modernFailures,
    long legacyRequests,
    long legacyFailures,
    long modernOffered,
    int[] modernMicros,
    long legacyOffered,
    int[] legacyMicros,
    long comparedPairs,
    long breakingPairs) {

  /** Checks the step and fills in absent samples (JSON from another version). */
  EvidenceSnapshot {
    Objects.requireNonNull(step, "step");
    modernMicros = modernMicros == null ? new int[0] : modernMicros;
    legacyMicros = legacyMicros == null ? new int[0] : legacyMicros;
  }
}
