package dev.strangler.gateway.state;

import org.jspecify.annotations.Nullable;

/**
 * The state store cannot be reached (Redis down, a timeout): nothing was written. Routing goes on
 * with the state held in memory; the admin API answers a write with 503.
 */
public final class StateStoreUnavailableException extends RuntimeException {

  /**
   * @param message what could not be done and why
   * @param cause the failure, or null
   */
  public StateStoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
