package dev.strangler.gateway.filter;

import dev.strangler.rules.ReplayUnsafe;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * Whether a request meant for modern may be answered by legacy after a failure, so that no request
 * is ever executed by both sides.
 *
 * <p>GET, HEAD, OPTIONS, PUT and DELETE are idempotent and are always replayed. Any other method
 * (POST, PATCH, extensions) is replayed only as {@code replay-unsafe} allows: {@code never}; {@code
 * connect-failure} when modern provably never received it (connection refused, circuit open);
 * {@code always}. A body that was streamed, not buffered, cannot be replayed once it started to go
 * out.
 */
final class ReplayPolicy {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

  private ReplayPolicy() {}

  static boolean allows(
      HttpMethod method, ReplayUnsafe replayUnsafe, FallbackReason reason, boolean bodyReplayable) {
    if (!bodyReplayable) {
      return false;
    }
    if (isIdempotent(method)) {
      return true;
    }
    return switch (replayUnsafe) {
      case NEVER -> false;
      case CONNECT_FAILURE -> reason.modernNeverReceived();
      case ALWAYS -> true;
    };
  }

  /**
   * Tells whether a method is always replayed.
   *
   * @param method a request method
   * @return whether it is one of the idempotent methods that are always replayed
   */
  static boolean isIdempotent(HttpMethod method) {
    return IDEMPOTENT.contains(method);
  }
}
