package dev.strangler.gateway.metrics;

import dev.strangler.rules.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records {@code strangler_requests_total}, {@code strangler_request_duration_seconds} and {@code
 * strangler_targeted_requests_total}.
 *
 * <p>Meters are looked up once per route and kept in a small table, so that recording a request
 * builds no tags and allocates nothing.
 */
@SuppressWarnings("EnumOrdinal") // meters by target and outcome in arrays indexed by ordinal
public final class RequestMetrics {

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;

  private final Map<String, RouteMeters> byRoute = new ConcurrentHashMap<>();

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records one answered request. It is counted for the side that answered; it is timed for the
   * side it was meant for: a fallback ({@link Outcome#FALLBACK}, answered by legacy) is timed for
   * modern, as its time (modern's failure, then legacy's answer) is what modern costs the client.
   * So legacy's latency holds only legacy's own answers, and modern's p99 shows its failures.
   *
   * @param routeId the route id or {@code catch-all}
   * @param target the side that answered
   * @param outcome how it ended
   * @param nanos how long it took
   */
  public void record(String routeId, Target target, Outcome outcome, long nanos) {
    RouteMeters meters = byRoute.computeIfAbsent(routeId, this::register);
    meters.requests[target.ordinal()][outcome.ordinal()].increment();
    Target timedFor = outcome == Outcome.FALLBACK ? Target.MODERN : target;
    meters.durations[timedFor.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts one request the route's targets sent to a side, in {@code
   * strangler_targeted_requests_total}; it is recorded in {@link #record} as well.
   *
   * @param routeId the route id
   * @param target the side the targets chose
   */
  public void recordTargeted(String routeId, Target target) {
    byRoute.computeIfAbsent(routeId, this::register).targeted[target.ordinal()].increment();
  }

  /**
   * Requests the route's targets sent to a side.
   *
   * @param routeId the route id
   * @param target the side the targets chose
   * @return the count so far
   */
  public long targeted(String routeId, Target target) {
    return (long)
        byRoute.computeIfAbsent(routeId, this::register).targeted[target.ordinal()].count();
  }

  /**
   * The duration timer of one side of a route, for figures such as p99.
   *
   * @param routeId the route id
   * @param target the side
   * @return its timer
   */
  public Timer durations(String routeId, Target target) {
    return byRoute.computeIfAbsent(routeId, this::register).durations[target.ordinal()];
  }

  /**
   * Requests counted for one side of a route and outcome.
   *
   * @param routeId the route id
   * @param target the side
   * @param outcome the outcome
   * @return the count so far
   */
  public long count(String routeId, Target target, Outcome outcome) {
    return (long)
        byRoute
            .computeIfAbsent(routeId, this::register)
            .requests[target.ordinal()][outcome.ordinal()]
            .count();
  }

  /** Returns the ids of the routes counted so far. */
  public Set<String> routeIds() {
    return Set.copyOf(byRoute.keySet());
  }

  private RouteMeters register(String routeId) {
    Target[] targets = Target.values();
    Outcome[] outcomes = Outcome.values();
    Counter[][] requests = new Counter[targets.length][outcomes.length];
    Timer[] durations = new Timer[targets.length];
    Counter[] targeted = new Counter[targets.length];
    for (Target target : targets) {
      targeted[target.ordinal()] =
          Counter.builder(StranglerMetricNames.TARGETED_REQUESTS)
              .description("Requests the route's targets sent to a side, in canary mode")
              .tag(TagNames.ROUTE, routeId)
              .tag(TagNames.TARGET, target.wireName())
              .register(registry);
      for (Outcome outcome : outcomes) {
        requests[target.ordinal()][outcome.ordinal()] =
            Counter.builder(StranglerMetricNames.REQUESTS)
                .description("Requests answered by the gateway")
                .tag(TagNames.ROUTE, routeId)
                .tag(TagNames.TARGET, target.wireName())
                .tag(TagNames.OUTCOME, outcome.tag())
                .register(registry);
      }
      durations[target.ordinal()] =
          Timer.builder(StranglerMetricNames.REQUEST_DURATION)
              .description("Time to answer a request")
              .tag(TagNames.ROUTE, routeId)
              .tag(TagNames.TARGET, target.wireName())
              .serviceLevelObjectives(BUCKETS)
              .register(registry);
    }
    return new RouteMeters(requests, durations, targeted);
  }

  /** The meters of one route, by target and outcome ordinal; the arrays never change. */
  private static final class RouteMeters {

    final Counter[][] requests;

    final Timer[] durations;

    /** Requests of targeted keys, by target ordinal. */
    final Counter[] targeted;

    RouteMeters(Counter[][] requests, Timer[] durations, Counter[] targeted) {
      this.requests = requests;
      this.durations = durations;
      this.targeted = targeted;
    }
  }
}
