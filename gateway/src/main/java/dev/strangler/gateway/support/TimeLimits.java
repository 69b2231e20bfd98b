package dev.strangler.gateway.support;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Time limits for calls on the request path: Reactor's {@code timeout}, without the description it
 * writes for every call.
 *
 * <p>{@code Mono.timeout(Duration, Scheduler)} names the operator chain it limits in the message of
 * the {@link TimeoutException} it may raise, and builds that name when the call is assembled,
 * walking the chain, on every request, though the message is read only when the limit is exceeded:
 * 3 to 4 µs a call, 1.3 % of the canary route's CPU and 1.7 % of the shadow route's in the profiles
 * (load-tests/README.md, tuning log). A limit with a fallback builds none; the fallback here raises
 * the {@link TimeoutException} Reactor would, with the limit in its message, once it is exceeded.
 */
public final class TimeLimits {

  private TimeLimits() {}

  /**
   * Limits the time a call takes to complete or answer.
   *
   * @param call the call
   * @param limit the time it may take
   * @param timer where the limit runs
   * @return the call, failing with a {@link TimeoutException} when it takes longer
   * @param <T> what the call gives
   */
  public static <T> Mono<T> within(Mono<T> call, Duration limit, Scheduler timer) {
    return call.timeout(
        limit,
        Mono.error(() -> new TimeoutException("No answer within " + limit.toMillis() + " ms")),
        timer);
  }
}
