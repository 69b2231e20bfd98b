package dev.strangler.gateway.tracing;

import dev.strangler.rules.Target;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The spans of the request path, on Micrometer Tracing: one per proxied request (kind server, a
 * child of the client's {@code traceparent} when it sent one), one per call to a side (kind client,
 * a child of the request's: the answering call, and the replay to legacy after a fallback), and one
 * per shadow copy.
 *
 * <p>A shadow copy's span starts a trace of its own with a link to its request's span: the copy
 * outlives the client's answer and never serves the client, so as a child it would stretch the
 * request's trace and mix the shadow side's own spans into it. {@link LinkedSpanSampler} samples it
 * exactly when the request is sampled.
 *
 * <p>Design: spans travel in the exchange's attributes ({@link #REQUEST_SPAN_ATTR}, {@link
 * #CALL_SPAN_ATTR}), never in a thread-local scope, since a request hops between event loops and
 * callbacks; the W3C context is written into the headers of each call by the gateway's header pass
 * ({@link #inject}). The bean exists only while tracing is on ({@link ConditionalOnTracing}), so
 * with tracing off nothing of this runs.
 */
public final class RequestTracing {

  /** Exchange attribute holding the request's {@link Span}. */
  public static final String REQUEST_SPAN_ATTR = RequestTracing.class.getName() + ".request";

  /** Exchange attribute holding the {@link Span} of the call to a side going out now. */
  public static final String CALL_SPAN_ATTR = RequestTracing.class.getName() + ".call";

  private final Tracer tracer;

  private final Propagator propagator;

  /**
   * @param tracer the tracer
   * @param propagator writes and reads the trace context in headers (W3C by default)
   */
  public RequestTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Starts the span of a proxied request, as a child of the trace context the client sent, if any.
   *
   * @param exchange the exchange; the span is kept as {@link #REQUEST_SPAN_ATTR}
   * @return the span, to be ended by {@link #endRequest}
   */
  public Span startRequest(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    String method = request.getMethod().name();
    Span span =
        propagator
            .extract(request.getHeaders(), HttpHeaders::getFirst)
            .kind(Span.Kind.SERVER)
            .name(method)
            .tag(SpanTagNames.HTTP_METHOD, method)
            .tag(SpanTagNames.URL_PATH, request.getPath().value())
            .start();
    exchange.getAttributes().put(REQUEST_SPAN_ATTR, span);
    return span;
  }

  /**
   * Ends the span of a proxied request, named {@code METHOD route} once the route is known.
   *
   * @param span the request's span
   * @param outcome how the request ended
   */
  public void endRequest(Span span, RequestOutcome outcome) {
    if (outcome.routeId() != null) {
      span.name(outcome.method() + " " + outcome.routeId());
      span.tag(SpanTagNames.ROUTE, outcome.routeId());
    }
    if (outcome.decision() != null) {
      span.tag(SpanTagNames.DECISION, outcome.decision().toLowerCase(Locale.ROOT));
    }
    if (outcome.answeredBy() != null) {
      span.tag(SpanTagNames.TARGET, outcome.answeredBy().wireName());
    }
    if (outcome.fallbackReason() != null) {
      span.tag(SpanTagNames.FALLBACK_REASON, outcome.fallbackReason());
    }
    if (outcome.requestId() != null) {
      span.tag(SpanTagNames.REQUEST_ID, outcome.requestId());
    }
    if (outcome.status() != null) {
      span.tag(SpanTagNames.HTTP_STATUS, outcome.status());
    }
    end(span, outcome.error(), outcome.cancelled());
  }

  /**
   * How a proxied request ended, for its span.
   *
   * @param method the request method
   * @param routeId the route, or null when no decision was taken
   * @param decision why the decision was taken, or null
   * @param answeredBy the side that answered, or null when none did
   * @param fallbackReason why legacy answered for modern, or null
   * @param requestId the request id, or null
   * @param status the status sent to the client, or null
   * @param error what failed, or null
   * @param cancelled whether the client went away first
   */
  public record RequestOutcome(
      String method,
      @Nullable String routeId,
      @Nullable String decision,
      @Nullable Target answeredBy,
      @Nullable String fallbackReason,
      @Nullable String requestId,
      @Nullable Integer status,
      @Nullable Throwable error,
      boolean cancelled) {}

  /**
   * Starts the span of a call to a side, a child of the request's span, and makes it the one the
   * call's headers carry.
   *
   * @param exchange the exchange, with its request's span
   * @param routeId the route
   * @param target the side called
   * @param url where the call goes
   * @return the span, to be ended by {@link #endCall}
   */
  public Span startCall(ServerWebExchange exchange, String routeId, Target target, URI url) {
    Span request = exchange.getAttribute(REQUEST_SPAN_ATTR);
    String method = exchange.getRequest().getMethod().name();
    Span.Builder builder = tracer.spanBuilder();
    if (request != null) {
      builder.setParent(request.context());
    }
    Span span =
        client(builder, method + " " + target.wireName(), method, url)
            .tag(SpanTagNames.ROUTE, routeId)
            .tag(SpanTagNames.TARGET, target.wireName())
            .start();
    exchange.getAttributes().put(CALL_SPAN_ATTR, span);
    return span;
  }

  /**
   * Ends the span of a call to a side.
   *
   * @param span the call's span
   * @param status the status the side answered with, or null when it did not answer
   * @param error what failed, or null
   * @param cancelled whether the call was given up (a timeout, the client gone)
   */
  public void endCall(
      Span span, @Nullable Integer status, @Nullable Throwable error, boolean cancelled) {
    if (status != null) {
      span.tag(SpanTagNames.HTTP_STATUS, status);
    }
    end(span, error, cancelled);
  }

  /**
   * Starts the span of a shadow copy: a trace of its own, linked to the request's span.
   *
   * @param request the request's span, or null when it has none
   * @param routeId the route
   * @param side the side the copy goes to
   * @param method the request method
   * @param url where the copy goes
   * @param secondary whether it is the copy for the second legacy instance
   * @return the span, to be ended by {@link #endCall}
   */
  public Span startShadow(
      @Nullable Span request,
      String routeId,
      Target side,
      String method,
      URI url,
      boolean secondary) {
    Span.Builder builder = tracer.spanBuilder().setNoParent();
    if (request != null) {
      builder.addLink(new Link(request.context()));
    }
    client(builder, method + " " + side.wireName() + " shadow", method, url)
        .tag(SpanTagNames.ROUTE, routeId)
        .tag(SpanTagNames.TARGET, side.wireName())
        .tag(SpanTagNames.SHADOW, true);
    if (secondary) {
      builder.tag(SpanTagNames.SHADOW_SECONDARY, true);
    }
    return builder.start();
  }

  /**
   * Writes the trace context of the call going out into its headers: the span of the call to a
   * side, or, before any call (the headers a shadow copy starts from), the request's span.
   *
   * @param exchange the exchange
   * @param headers the headers the call sends, writable
   */
  public void inject(ServerWebExchange exchange, HttpHeaders headers) {
    Span span = exchange.getAttribute(CALL_SPAN_ATTR);
    if (span == null) {
      span = exchange.getAttribute(REQUEST_SPAN_ATTR);
    }
    if (span != null) {
      inject(span, headers);
    }
  }

  /**
   * Writes the trace context of a span into headers, replacing what they held.
   *
   * @param span the span
   * @param headers writable headers
   */
  public void inject(Span span, HttpHeaders headers) {
    propagator.inject(
        span.context(),
        headers,
        (carrier, name, value) -> {
          if (carrier != null) {
            carrier.set(name, value);
          }
        });
  }

  private static Span.Builder client(Span.Builder builder, String name, String method, URI url) {
    builder
        .kind(Span.Kind.CLIENT)
        .name(name)
        .tag(SpanTagNames.HTTP_METHOD, method)
        .tag(SpanTagNames.SERVER_ADDRESS, String.valueOf(url.getHost()));
    int port = url.getPort();
    if (port > 0) {
      builder.tag(SpanTagNames.SERVER_PORT, port);
    }
    return builder;
  }

  private static void end(Span span, @Nullable Throwable error, boolean cancelled) {
    if (error != null) {
      span.error(error);
    }
    if (cancelled) {
      span.tag(SpanTagNames.CANCELLED, true);
    }
    span.end();
  }
}
