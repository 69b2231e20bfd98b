package dev.strangler.gateway.filter;

import dev.strangler.gateway.client.Transmission;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Whether a failed backend call may be sent once more, on a new connection, as nginx's {@code
 * proxy_next_upstream error} and Envoy's {@code retry_on: reset} do, without ever letting a request
 * run twice where that could matter.
 *
 * <p>A call is retried only when its open connection closed or was reset (not a connection that
 * could not be opened, a timeout, a TLS failure or a full pool), no byte of an answer came back,
 * and its body can be sent again (none, or buffered). Then:
 *
 * <ul>
 *   <li>when no byte of the request was written, whatever the method: the backend never saw it;
 *   <li>when it was written on a reused keep-alive connection, for GET, HEAD, OPTIONS, PUT and
 *       DELETE only: the backend closed an idle connection as the request arrived. These methods
 *       are idempotent (RFC 9110 §9.2.2), so even a backend that did read the request may get it
 *       again; a POST or PATCH that was written is never sent again.
 * </ul>
 */
final class RetryRule {

  /** Reactor Netty's message when the pooled connections it acquired were closed already. */
  static final String POOLED_CONNECTIONS_CLOSED = "Error while acquiring from";

  private RetryRule() {}

  /**
   * Tells whether a failed call is sent again.
   *
   * @param method the request's method
   * @param transmission how far the failed call got
   * @param error why it failed
   * @param bodyResendable whether the request's body can be sent again
   * @return why the call may be retried, or null when it may not
   */
  static @Nullable RetryReason judge(
      HttpMethod method, Transmission transmission, Throwable error, boolean bodyResendable) {
    if (!bodyResendable || transmission.answered() || !connectionClosed(error)) {
      return null;
    }
    if (!transmission.sent()) {
      return RetryReason.NOT_SENT;
    }
    if (transmission.connectionReused() && ReplayPolicy.isIdempotent(method)) {
      return RetryReason.CLOSED_BEFORE_RESPONSE;
    }
    return null;
  }

  /**
   * Whether the error says an open connection was closed or reset: Reactor Netty's closed-early
   * errors, a closed channel, a reset or broken pipe, or the pool's {@code Error while acquiring}
   * (the pooled connections it took were found closed, twice). Not a connection that could not be
   * opened, a timeout, or a full pool.
   */
  private static boolean connectionClosed(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof AbortedException
          || cause instanceof PrematureCloseException
          || cause instanceof ClosedChannelException
          || AbortedException.isConnectionReset(cause)
          || (cause instanceof IOException
              && cause.getMessage() != null
              && cause.getMessage().startsWith(POOLED_CONNECTIONS_CLOSED))) {
        return true;
      }
    }
    return false;
  }
}
