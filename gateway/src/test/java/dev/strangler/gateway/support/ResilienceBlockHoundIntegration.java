package dev.strangler.gateway.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound about the one lock on the request path that is not a blocking call:
 * Resilience4j's sliding windows record each outcome under a {@code ReentrantLock} held for an
 * array update. Two threads recording at the same moment (an event loop and the timer of a modern
 * call's timeout) make one of them park for that long, which BlockHound would otherwise report,
 * failing the request. Loaded through {@code META-INF/services}.
 */
public final class ResilienceBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside(
        "io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record");
    builder.allowBlockingCallsInside(
        "io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record");
  }
}
