package dev.strangler.gateway.shadow;

import dev.strangler.gateway.metrics.ShadowMetrics;
import dev.strangler.gateway.support.BreakerCall;
import dev.strangler.gateway.support.EventLoopSchedulers;
import dev.strangler.gateway.support.TimeLimits;
import dev.strangler.gateway.tracing.RequestTracing;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.ShadowPolicy;
import dev.strangler.rules.Target;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.Difference;
import dev.strangler.shadow.ResponseSnapshot;
import dev.strangler.shadow.Severity;
import io.micrometer.tracing.Span;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Mirrors requests to the side that did not answer and compares the two answers.
 *
 * <p>Design: the shadow call is a separate subscription, never part of the client's chain, so the
 * client's answer neither waits for it nor sees its errors. {@link ShadowSlots} bound the mirrors
 * in flight to {@code strangler.shadow.max-concurrent}, and each route's to its share of them;
 * above that a mirror is dropped and counted, so memory stays bounded however slow or dead the
 * shadow side is (each mirror holds at most {@code max-compare-bytes} per answer, and the shadow
 * client has a pool of that size of its own). A comparison that can take long runs on a scheduler
 * of its own, off the event loops; small, unencoded answers are compared where the last of them
 * arrived, since handing them to another thread (a queue, a wake-up, two context switches) cost
 * more than comparing them (see {@link #INLINE_COMPARE_BYTES}), and an equal pair is recorded there
 * too (a counter). The slot is given back once the comparison is recorded, wherever it ran.
 */
public final class ShadowMirror {

  private static final Log log = LogFactory.getLog(ShadowMirror.class);

  /**
   * The largest answer compared on the event loop where the answers met: parsing and walking two
   * JSON bodies of this size takes about 20-40 µs (shadow-compare's JMH), what the hand-off to the
   * comparison scheduler costs by itself (3 % of the shadow route's CPU samples were the hand-off,
   * besides the kernel's wake-ups; load-tests/README.md, tuning log). Larger or compressed answers
   * are compared off the event loops.
   */
  static final int INLINE_COMPARE_BYTES = 2048;

  /** How long a mirror waits for the client's answer beyond the shadow timeout. */
  private static final Duration PRIMARY_GRACE = Duration.ofSeconds(30);

  private final ShadowClient client;

  private final ShadowComparators comparators;

  private final DiffReports reports;

  private final ShadowMetrics metrics;

  private final Scheduler compareScheduler;

  private final EventLoopSchedulers timers;

  private final ShadowBreakers breakers;

  private final ShadowSlots slots;

  private final int maxCompareBytes;

  /** Null while tracing is off: then copies pay nothing for it. */
  private final @Nullable RequestTracing tracing;

  ShadowMirror(
      ShadowClient client,
      ShadowComparators comparators,
      DiffReports reports,
      ShadowMetrics metrics,
      Scheduler compareScheduler,
      EventLoopSchedulers timers,
      ShadowBreakers breakers,
      ShadowSlots slots,
      int maxCompareBytes,
      @Nullable RequestTracing tracing) {
    this.tracing = tracing;
    this.client = client;
    this.comparators = comparators;
    this.reports = reports;
    this.metrics = metrics;
    this.compareScheduler = compareScheduler;
    this.timers = timers;
    this.breakers = breakers;
    this.slots = slots;
    this.maxCompareBytes = maxCompareBytes;
  }

  /**
   * Takes a slot for mirroring one request, before anything is copied for it: the cheap checks come
   * first, so that a request whose copy is dropped (all slots taken, or the shadow side's breaker
   * open) costs its route next to nothing.
   *
   * @param decision the routing decision, with a shadow target
   * @return the slot, to be passed to {@link #start} or {@linkplain Slot#release() released}; null
   *     when the mirror is dropped (counted)
   */
  public @Nullable Slot reserve(RoutingDecision decision) {
    if (decision.route() == null || decision.shadowUri() == null) {
      return null;
    }
    String routeId = decision.routeId();
    if (!slots.tryTake(routeId)) {
      metrics.request(routeId, ShadowMetrics.Result.DROPPED);
      return null;
    }
    BreakerCall call = breakers.tryCall(routeId);
    if (call == null) {
      // the shadow side keeps failing: its copies pause (ShadowBreakers)
      slots.give(routeId);
      metrics.request(routeId, ShadowMetrics.Result.DROPPED);
      return null;
    }
    return new Slot(routeId, call);
  }

  /**
   * Starts mirroring one request: sends the shadow call (and the secondary call, when the route has
   * one) at once, and returns the capture the client's answer must be fed to.
   *
   * @param slot the slot {@link #reserve} gave for this request; it is released when the mirror
   *     ends
   * @param decision the routing decision the slot was reserved for
   * @param request the client's request
   * @param copies shapes the copy for the shadow side and the secondary; called when the copies are
   *     sent, a copy it gives none for (refused by a filter) is counted as skipped
   * @param body the request body, empty for none
   * @param requestId the request id, kept with samples
   * @param requestSpan the request's span, which the copies' spans link to; null while tracing is
   *     off
   * @return the capture
   */
  public PrimaryCapture start(
      Slot slot,
      RoutingDecision decision,
      ServerHttpRequest request,
      CopyShaper copies,
      byte[] body,
      String requestId,
      @Nullable Span requestSpan) {
    RouteRule route = Objects.requireNonNull(decision.route(), "route");
    URI shadowBase = Objects.requireNonNull(decision.shadowUri(), "shadow uri");
    String routeId = decision.routeId();
    BreakerCall call = slot.call;
    try {
      ShadowPolicy policy = route.shadow();
      String method = request.getMethod().name();
      PrimaryCapture capture = new PrimaryCapture(maxCompareBytes);
      Scheduler timer = timers.of(request);
      Target shadowSide = Objects.requireNonNull(decision.shadowTarget(), "shadow target");
      Mono<ResponseSnapshot> shadow =
          copies
              .shape(shadowSide, shadowBase, false)
              .flatMap(
                  copy ->
                      send(
                          tracing == null
                              ? null
                              : new Copy(routeId, shadowSide, false, requestSpan),
                          method,
                          copy,
                          body,
                          policy.timeout(),
                          timer,
                          request))
              .doOnSuccess(
                  answer -> {
                    if (answer != null) {
                      call.succeeded();
                    }
                  })
              .doOnError(call::failed);
      URI secondaryBase = policy.secondary();
      Mono<Optional<ResponseSnapshot>> secondary =
          secondaryBase == null
              ? Mono.just(Optional.empty())
              : copies
                  .shape(Target.LEGACY, secondaryBase, true)
                  .flatMap(
                      copy ->
                          send(
                              tracing == null
                                  ? null
                                  : new Copy(routeId, Target.LEGACY, true, requestSpan),
                              method,
                              copy,
                              body,
                              policy.timeout(),
                              timer,
                              request))
                  .map(Optional::of)
                  .defaultIfEmpty(Optional.empty());
      boolean primaryIsLegacy = decision.target() == Target.LEGACY;
      TimeLimits.within(
              Mono.zip(capture.result(), shadow, secondary),
              policy.timeout().plus(PRIMARY_GRACE),
              timer)
          .doOnSuccess(
              answers -> {
                if (answers == null) {
                  // the client's answer did not complete (error, cancel, streamed): nothing to
                  // compare
                  metrics.request(routeId, ShadowMetrics.Result.SKIPPED);
                }
              })
          .flatMap(
              answers -> {
                ResponseSnapshot primary = answers.getT1();
                ResponseSnapshot other = answers.getT2();
                return compare(
                    routeId,
                    requestId,
                    primaryIsLegacy ? primary : other,
                    primaryIsLegacy ? other : primary,
                    answers.getT3().orElse(null));
              })
          .doFinally(signal -> slot.release())
          .subscribe(
              null,
              error -> {
                metrics.request(routeId, ShadowMetrics.Result.FAILED);
                if (log.isDebugEnabled()) {
                  log.debug("Shadow call of route " + routeId + " failed: " + error);
                }
              });
      return capture;
    } catch (RuntimeException ex) {
      // nothing was subscribed: the slot would never come back
      slot.release();
      throw ex;
    }
  }

  /** Which copy a call is, for its span; made only while tracing is on. */
  private record Copy(String routeId, Target side, boolean secondary, @Nullable Span requestSpan) {}

  /**
   * Sends one shaped copy; while tracing is on, with a span of its own linked to the request's,
   * whose trace context the copy carries.
   *
   * @param traced which copy it is, or null while tracing is off
   * @param origin the client's request, whose event loop's pool the copy takes a connection from
   */
  private Mono<ResponseSnapshot> send(
      @Nullable Copy traced,
      String method,
      CopyRequest copy,
      byte[] body,
      Duration timeout,
      Scheduler timer,
      ServerHttpRequest origin) {
    RequestTracing tracing = this.tracing;
    if (tracing == null || traced == null) {
      return client.call(method, copy, body, timeout, timer, origin, maxCompareBytes);
    }
    return Mono.defer(
        () -> {
          Span span =
              tracing.startShadow(
                  traced.requestSpan(),
                  traced.routeId(),
                  traced.side(),
                  method,
                  copy.url(),
                  traced.secondary());
          HttpHeaders headers = HttpHeaders.copyOf(copy.headers());
          tracing.inject(span, headers);
          return client
              .call(
                  method,
                  new CopyRequest(copy.url(), headers, copy.preserveHost()),
                  body,
                  timeout,
                  timer,
                  origin,
                  maxCompareBytes)
              .doOnSuccess(
                  answer ->
                      tracing.endCall(span, answer == null ? null : answer.status(), null, false))
              .doOnError(error -> tracing.endCall(span, null, error, false))
              .doOnCancel(() -> tracing.endCall(span, null, null, true));
        });
  }

  /**
   * The request of one copy, as the filters of the side it goes to shaped it.
   *
   * @param url where it goes, with the shaped path and query
   * @param headers its headers, after the gateway's header filters; {@code X-Strangler-Shadow:
   *     true} is added when it is sent
   * @param preserveHost whether its {@code Host} header is sent ({@code preserve-host}, {@code
   *     SetRequestHostHeader}); else the backend's host is
   */
  public record CopyRequest(URI url, HttpHeaders headers, boolean preserveHost) {}

  /** Shapes the copies of one request. */
  @FunctionalInterface
  public interface CopyShaper {

    /**
     * Shapes the copy for one side.
     *
     * @param side the side the copy goes to
     * @param base where it goes: the side's URI or the second legacy instance
     * @param secondary whether it is the copy for the second legacy instance
     * @return the copy; empty when the side's filters refused it
     */
    Mono<CopyRequest> shape(Target side, URI base, boolean secondary);
  }

  /**
   * Counts a mirror that was chosen but not attempted, e.g. for a body too large to copy, and gives
   * its slot back.
   *
   * @param slot the slot reserved for it
   */
  public void skipped(Slot slot) {
    slot.release();
    metrics.request(slot.routeId, ShadowMetrics.Result.SKIPPED);
  }

  /** Returns mirrors in flight now. */
  public int inFlight() {
    return slots.inFlight();
  }

  /**
   * One of the {@code max-concurrent} places for a mirror in flight, with the shadow side's breaker
   * permission: released exactly once, whether the mirror ran or was given up (a permission the
   * call never used goes back then).
   */
  public final class Slot {

    private final String routeId;

    private final BreakerCall call;

    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String routeId, BreakerCall call) {
      this.routeId = routeId;
      this.call = call;
    }

    /** Gives the slot back; a breaker permission never used goes back too. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        call.abandoned();
        slots.give(routeId);
      }
    }
  }

  /**
   * Whether the answers are cheap enough to compare where they met: each at most {@link
   * #INLINE_COMPARE_BYTES}, whole and not compressed.
   */
  static boolean comparedInline(
      ResponseSnapshot primary, ResponseSnapshot other, @Nullable ResponseSnapshot secondary) {
    return small(primary) && small(other) && (secondary == null || small(secondary));
  }

  private static boolean small(ResponseSnapshot answer) {
    return !answer.truncated()
        && answer.bodyLength() <= INLINE_COMPARE_BYTES
        && answer.header("content-encoding").isEmpty();
  }

  /**
   * Compares the answers, where they met when that is cheap ({@link #comparedInline}), else on the
   * comparison scheduler; completes when the comparison is recorded. Recording differences takes
   * the diff report's locks (its bounded field cache), so only an equal pair, which just counts, is
   * recorded on the event loop; a pair that differs is recorded on the comparison scheduler.
   */
  private Mono<Void> compare(
      String routeId,
      String requestId,
      ResponseSnapshot legacy,
      ResponseSnapshot modern,
      @Nullable ResponseSnapshot secondary) {
    if (!comparedInline(legacy, modern, secondary)) {
      return Mono.<Void>fromRunnable(
              () -> compareDecoded(routeId, requestId, legacy, modern, secondary))
          .subscribeOn(compareScheduler);
    }
    Comparison comparison;
    try {
      comparison = differences(routeId, legacy, modern, secondary);
    } catch (RuntimeException ex) {
      failed(routeId, ex);
      return Mono.empty();
    }
    if (comparison.equal()) {
      record(routeId, requestId, comparison);
      return Mono.empty();
    }
    return Mono.<Void>fromRunnable(() -> record(routeId, requestId, comparison))
        .subscribeOn(compareScheduler);
  }

  /** Compares answers of any size and encoding: off the event loops. */
  private void compareDecoded(
      String routeId,
      String requestId,
      ResponseSnapshot legacy,
      ResponseSnapshot modern,
      @Nullable ResponseSnapshot secondary) {
    try {
      Comparison comparison =
          differences(
              routeId,
              ContentDecoding.decoded(legacy, maxCompareBytes),
              ContentDecoding.decoded(modern, maxCompareBytes),
              secondary == null ? null : ContentDecoding.decoded(secondary, maxCompareBytes));
      record(routeId, requestId, comparison);
    } catch (RuntimeException ex) {
      failed(routeId, ex);
    }
  }

  /**
   * What one comparison found: modern's differences from legacy's answer, and the second legacy
   * instance's (the noise), or null without a second instance.
   */
  private record Comparison(List<Difference> raw, @Nullable List<Difference> noise) {

    /** Whether neither answer differs from legacy's: recording it only counts. */
    boolean equal() {
      return raw.isEmpty() && (noise == null || noise.isEmpty());
    }
  }

  /** Compares modern's answer and the second legacy instance's with legacy's, as they are. */
  private Comparison differences(
      String routeId,
      ResponseSnapshot legacy,
      ResponseSnapshot modern,
      @Nullable ResponseSnapshot secondary) {
    var comparator = comparators.of(routeId);
    return new Comparison(
        comparator.compare(legacy, modern),
        secondary == null ? null : comparator.compare(legacy, secondary));
  }

  private void record(String routeId, String requestId, Comparison comparison) {
    try {
      List<Difference> real =
          reports.forRoute(routeId).record(requestId, comparison.raw(), comparison.noise());
      metrics.request(routeId, ShadowMetrics.Result.COMPARED);
      Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
      real.forEach(difference -> bySeverity.merge(difference.severity(), 1L, Long::sum));
      bySeverity.forEach(
          (severity, count) -> metrics.differences(routeId, severity.wireName(), count));
    } catch (RuntimeException ex) {
      failed(routeId, ex);
    }
  }

  private void failed(String routeId, RuntimeException ex) {
    metrics.request(routeId, ShadowMetrics.Result.FAILED);
    log.warn("Comparison of route " + routeId + " failed: " + ex);
  }
}
