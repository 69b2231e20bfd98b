package dev.strangler.gateway.support;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call through a Resilience4j circuit breaker whose permission was already acquired: records
 * exactly one outcome, or gives the permission back when the call was abandoned before it had one,
 * whichever comes first (a reactive call can time out, fail and be cancelled from different
 * threads).
 */
public final class BreakerCall {

  private final CircuitBreaker breaker;

  private final long start;

  private final AtomicBoolean recorded = new AtomicBoolean();

  /**
   * @param breaker the breaker that granted the permission
   */
  public BreakerCall(CircuitBreaker breaker) {
    this.breaker = breaker;
    this.start = breaker.getCurrentTimestamp();
  }

  /** The call succeeded. */
  public void succeeded() {
    if (recorded.compareAndSet(false, true)) {
      breaker.onSuccess(elapsed(), breaker.getTimestampUnit());
    }
  }

  /**
   * The call failed.
   *
   * @param error why
   */
  public void failed(Throwable error) {
    if (recorded.compareAndSet(false, true)) {
      breaker.onError(elapsed(), breaker.getTimestampUnit(), error);
    }
  }

  /** The call was given up before it had an outcome: the permission goes back. */
  public void abandoned() {
    if (recorded.compareAndSet(false, true)) {
      breaker.releasePermission();
    }
  }

  private long elapsed() {
    return Math.max(0, breaker.getCurrentTimestamp() - start);
  }
}
