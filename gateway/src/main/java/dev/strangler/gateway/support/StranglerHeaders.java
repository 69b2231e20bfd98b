package dev.strangler.gateway.support;

/** Names of the headers Strangler reads and writes. */
public final class StranglerHeaders {

  /** Prefix of Strangler's own headers; clients' headers with it are never forwarded. */
  public static final String PREFIX = "X-Strangler-";

  /** The route that decided, on client responses. */
  public static final String ROUTE = "X-Strangler-Route";

  /** The side that answered ({@code legacy} or {@code modern}), on client responses. */
  public static final String TARGET = "X-Strangler-Target";

  /** Why legacy answered a request meant for modern, on client responses. */
  public static final String FALLBACK = "X-Strangler-Fallback";

  /** Marks a mirrored request, on shadow calls to backends. */
  public static final String SHADOW = "X-Strangler-Shadow";

  /** Request id, kept from the client or made, sent to backends and returned to the client. */
  public static final String REQUEST_ID = "X-Request-Id";

  private StranglerHeaders() {}
}
