package dev.strangler.gateway.tracing;

/**
 * Attribute (tag) names of Strangler's spans: Strangler's own under {@code strangler.}, HTTP ones
 * as OpenTelemetry's semantic conventions name them.
 */
public final class SpanTagNames {

  /** The rules route id, or {@code catch-all}. */
  public static final String ROUTE = "strangler.route";

  /** The side: {@code legacy} or {@code modern}; on a request span, the side that answered. */
  public static final String TARGET = "strangler.target";

  /**
   * Why the routing decision was taken: {@code catch_all}, {@code mode}, {@code canary}, {@code
   * targeted}, {@code forced}.
   */
  public static final String DECISION = "strangler.decision";

  /**
   * Why legacy answered for modern: {@code status}, {@code timeout}, {@code connect}, {@code
   * circuit_open}.
   */
  public static final String FALLBACK_REASON = "strangler.fallback.reason";

  /** The request id, as {@code X-Request-Id} carries it to the backends. */
  public static final String REQUEST_ID = "strangler.request_id";

  /** True on the span of a shadow copy. */
  public static final String SHADOW = "strangler.shadow";

  /** True on the span of the copy for the second legacy instance ({@code shadow.secondary}). */
  public static final String SHADOW_SECONDARY = "strangler.shadow.secondary";

  /** True when a call or request ended because its caller gave up: a timeout, the client gone. */
  public static final String CANCELLED = "strangler.cancelled";

  /** The request method. */
  public static final String HTTP_METHOD = "http.request.method";

  /** The status of the answer. */
  public static final String HTTP_STATUS = "http.response.status_code";

  /** The path of the client's request. */
  public static final String URL_PATH = "url.path";

  /** The host a call goes to. */
  public static final String SERVER_ADDRESS = "server.address";

  /** The port a call goes to. */
  public static final String SERVER_PORT = "server.port";

  private SpanTagNames() {}
}
