package dev.strangler.gateway.filter;

import dev.strangler.gateway.client.Transmission;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Why a call to modern failed. The tag is what {@code strangler_fallbacks_total{reason}} and the
 * {@code X-Strangler-Fallback} header show.
 */
enum FallbackReason {

  /** Modern answered with a status listed in {@code fallback.statuses}. */
  STATUS("status", false),
  /** Modern did not answer within {@code fallback.timeout}. */
  TIMEOUT("timeout", false),
  /** The connection to modern could not be opened: modern never received the request. */
  CONNECT_REFUSED("connect", true),
  /**
   * The call failed before any byte of the request was written (the connection closed before
   * sending, or none could be had from the pool): modern never received the request.
   */
  NOT_SENT("connect", true),
  /** The connection broke after the request went out (reset, closed early). */
  CONNECTION_LOST("connect", false),
  /** The circuit breaker is open: modern was not called. */
  CIRCUIT_OPEN("circuit_open", true);

  private final String tag;

  private final boolean modernNeverReceived;

  FallbackReason(String tag, boolean modernNeverReceived) {
    this.tag = tag;
    this.modernNeverReceived = modernNeverReceived;
  }

  /**
   * Classifies an error of the modern call.
   *
   * @param error the error
   * @param transmission how far the call got on the wire, null when that is not known
   * @return its reason
   */
  public static FallbackReason of(Throwable error, @Nullable Transmission transmission) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return TIMEOUT;
      }
      if (cause instanceof ConnectException) {
        return CONNECT_REFUSED;
      }
    }
    return transmission != null && !transmission.sent() ? NOT_SENT : CONNECTION_LOST;
  }

  /** Returns the metric tag and header value. */
  public String tag() {
    return tag;
  }

  /** Returns whether modern provably never received the request. */
  public boolean modernNeverReceived() {
    return modernNeverReceived;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
