package dev.strangler.gateway.filter;

/**
 * Why a backend call was sent a second time, on a new connection. The tag is what {@code
 * strangler_backend_retries_total{reason}} shows.
 */
enum RetryReason {

  /**
   * The connection closed before any byte of the request was written: the backend never received
   * it, whatever the method.
   */
  NOT_SENT("not_sent"),

  /**
   * A reused keep-alive connection closed after the request was written and before any byte of an
   * answer: the backend closed it as the request arrived. Only idempotent methods.
   */
  CLOSED_BEFORE_RESPONSE("closed_before_response");

  private final String tag;

  RetryReason(String tag) {
    this.tag = tag;
  }

  String tag() {
    return tag;
  }
}
