package dev.strangler.gateway.metrics;

/** How a request ended, as the {@code outcome} tag of {@code strangler_requests_total}. */
public enum Outcome {

  /** Answered with a status below 400. */
  SUCCESS,
  /** Answered with a 4xx status. */
  CLIENT_ERROR,
  /** Answered with a 5xx status, or no side could answer. */
  SERVER_ERROR,
  /** Modern failed and legacy answered instead. */
  FALLBACK;

  private final String tag = name().toLowerCase(java.util.Locale.ROOT);

  /**
   * The outcome of a final status.
   *
   * @param status the HTTP status sent to the client
   * @return the outcome of that status
   */
  public static Outcome ofStatus(int status) {
    if (status >= 500) {
      return SERVER_ERROR;
    }
    return status >= 400 ? CLIENT_ERROR : SUCCESS;
  }

  /** Returns the tag value. */
  public String tag() {
    return tag;
  }
}
