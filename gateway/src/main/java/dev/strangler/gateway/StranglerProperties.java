package dev.strangler.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway itself; the per-route behaviour lives in the rules file.
 *
 * <p>Every value is checked when the gateway starts: a bad one stops it with the property named,
 * its value and what is expected. Single values are checked by their constraints, sizes (which Bean
 * Validation has no constraint for) and a value whose bound depends on another (the per-route share
 * of the shadow places) by the records' constructors.
 *
 * @param rules where the rules file is and how it is watched
 * @param override the forced-target override
 * @param decisionHeaders whether {@code X-Strangler-Route}, {@code X-Strangler-Target} and {@code
 *     X-Strangler-Fallback} are added to client responses (default true)
 * @param replay buffering of request bodies for fallback replay
 * @param shadow bounds of shadow traffic
 * @param admin the admin API
 * @param state where runtime state (rollouts set through the admin API or by plans, plan states,
 *     the audit log) is kept
 * @param plans the runner of rollout plans
 * @param paths which request paths are refused, and the exceptions allowed
 * @param forwarded which peers may pass on forwarding headers
 * @param backend the connections to the backends
 * @param shutdown how the gateway stops
 * @param history the per route history of figures and the catch-all's path shapes
 * @param assignCookie the cookie that {@code sticky-by: [..., assign-cookie]} sets
 */
@Validated
@ConfigurationProperties(StranglerProperties.PREFIX)
public record StranglerProperties(
    @Valid @DefaultValue Rules rules,
    @Valid @DefaultValue ForceOverride override,
    @DefaultValue("true") boolean decisionHeaders,
    @Valid @DefaultValue Replay replay,
    @Valid @DefaultValue Shadow shadow,
    @Valid @DefaultValue Admin admin,
    @Valid @DefaultValue State state,
    @Valid @DefaultValue Plans plans,
    @Valid @DefaultValue Paths paths,
    @Valid @DefaultValue Forwarded forwarded,
    @Valid @DefaultValue Backend backend,
    @Valid @DefaultValue Shutdown shutdown,
    @Valid @DefaultValue History history,
    @Valid @DefaultValue AssignCookie assignCookie) {

  /** Prefix of every Strangler property. */
  public static final String PREFIX = "strangler";

  /** The reason of a number out of its range, in the error format of the rules file. */
  static final String EXPECTED_RANGE = "(expected: {min}..{max})";

  /** The most bytes a body buffer or a comparison may hold: the size of a Java array. */
  static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE;

  /**
   * Where the rules file is and how it is watched.
   *
   * @param location path of the YAML rules file, or {@code classpath:...} for a bundled one (not
   *     watched); required
   * @param pollInterval how often the file is checked for changes (default 500ms, 10ms to 1m; a
   *     valid change applies within two intervals)
   */
  public record Rules(
      @NotBlank(message = "(expected: the path of the rules file)") @Nullable String location,
      @DurationMin(millis = 10, message = "(expected: 10ms..1m)")
          @DurationMax(minutes = 1, message = "(expected: 10ms..1m)")
          @DefaultValue("500ms")
          Duration pollInterval) {}

  /**
   * The forced-target override ({@code X-Strangler-Force}).
   *
   * @param token the value {@code X-Strangler-Force-Token} must carry for {@code X-Strangler-Force}
   *     to be obeyed, printable characters without spaces; unset (default) means forced targets are
   *     never obeyed
   */
  public record ForceOverride(
      @Pattern(
              regexp = "[\\x21-\\x7e]+",
              message = "(expected: printable characters without spaces, or unset)")
          @Nullable String token) {}

  /**
   * Buffering of request bodies for replay.
   *
   * @param maxBodyBytes request bodies up to this size are buffered so that they can be replayed to
   *     legacy after a failure of modern (default 1MB, 0 to 2GB; 0 buffers none)
   */
  public record Replay(@DefaultValue("1MB") DataSize maxBodyBytes) {

    /** Checks the bounds. */
    public Replay {
      requireBytes("strangler.replay.max-body-bytes", maxBodyBytes, 0);
    }
  }

  /**
   * Bounds of shadow traffic.
   *
   * @param maxConcurrent shadow calls in flight per gateway, 1 to 10000; more are dropped and
   *     counted (default 64)
   * @param maxConcurrentPerRoute shadow calls in flight for one route, so that a slow shadow side
   *     cannot take every place: 1 to {@code max-concurrent} (default half of {@code
   *     max-concurrent}, rounded up)
   * @param maxCompareBytes bodies above this size are compared by length and hash (default 1MB, 1B
   *     to 2GB)
   */
  public record Shadow(
      @Range(min = 1, max = 10_000, message = EXPECTED_RANGE) @DefaultValue("64") int maxConcurrent,
      @Min(value = 1, message = "(expected: 1..strangler.shadow.max-concurrent)")
          @Nullable Integer maxConcurrentPerRoute,
      @DefaultValue("1MB") DataSize maxCompareBytes) {

    /** Checks the per-route share against the whole, and the bounds of the sizes. */
    public Shadow {
      if (maxConcurrentPerRoute != null && maxConcurrentPerRoute > maxConcurrent) {
        throw new IllegalArgumentException(
            "strangler.shadow.max-concurrent-per-route: "
                + maxConcurrentPerRoute
                + " (expected: 1.."
                + maxConcurrent
                + ", at most strangler.shadow.max-concurrent)");
      }
      requireBytes("strangler.shadow.max-compare-bytes", maxCompareBytes, 1);
    }

    /** Returns the share of one route, the default resolved. */
    public int perRoute() {
      return maxConcurrentPerRoute != null ? maxConcurrentPerRoute : (maxConcurrent + 1) / 2;
    }
  }

  /**
   * The admin API's tokens.
   *
   * @param token bearer token of the admin API, named {@code admin} in the audit log, at least 16
   *     characters without spaces; when neither it nor {@code tokens} is set (or it is blank), one
   *     is generated at start-up and logged once
   * @param tokens further bearer tokens of the admin API by name, e.g. {@code
   *     strangler.admin.tokens.ci-bot}; the name is who the audit log shows (names and tokens are
   *     checked as the admin API starts)
   */
  public record Admin(
      @Pattern(
              regexp = "\\s*|\\S{16,}",
              message = "(expected: at least 16 characters without spaces, or unset)")
          @Nullable String token,
      @DefaultValue Map<String, String> tokens) {}

  /**
   * Where runtime state is kept.
   *
   * @param store the state store: {@code file} (default), a JSON file per gateway, or {@code
   *     redis}, one state shared by every replica through Redis ({@code spring.data.redis.*})
   * @param file the file of the {@code file} store (default {@code ./strangler-state.json}); it is
   *     replaced atomically on every change, its directory must be writable
   * @param auditCapacity audit entries kept, the oldest dropped first (default 10000, 1 to 1000000)
   * @param redis the {@code redis} store
   */
  public record State(
      @DefaultValue("file") String store,
      @NotNull(message = "(expected: a file path)") @DefaultValue("./strangler-state.json")
          Path file,
      @Range(min = 1, max = 1_000_000, message = EXPECTED_RANGE) @DefaultValue("10000")
          int auditCapacity,
      @Valid @DefaultValue Redis redis) {

    /** The embedded store, one JSON file per gateway. */
    public static final String FILE = "file";

    /** The store shared by several replicas. */
    public static final String REDIS = "redis";

    /**
     * Checks the store's name.
     *
     * @throws IllegalArgumentException when it is neither {@value #FILE} nor {@value #REDIS}
     */
    public State {
      if (!FILE.equals(store) && !REDIS.equals(store)) {
        throw new IllegalArgumentException(
            "strangler.state.store: " + store + " (expected: " + FILE + " or " + REDIS + ")");
      }
    }
  }

  /**
   * The {@code redis} state store.
   *
   * @param keyPrefix prefix of every key the gateway writes (default {@code strangler:}), so that
   *     several gateways can share one Redis; with Redis Cluster, put a hash tag in it (e.g. {@code
   *     {strangler}:}) so that the keys changed together are in one slot
   * @param timeout the longest wait for one Redis call (default 2s); a write that takes longer
   *     answers 503 and changes nothing
   * @param reconcileInterval how often a replica checks the shared state's version besides the
   *     pub/sub notices (default 500ms): the bound on how late a replica that missed a notice
   *     converges
   * @param leaseTtl how long the plan lease lasts without renewal (default 5s): a dead holder's
   *     plans are taken over within this plus one {@code strangler.plans.evaluate-interval}
   * @param figuresInterval how often a replica publishes its figures and reads the others' (default
   *     1s)
   * @param figuresTtl how long published figures live (default 5s): a replica gone for longer no
   *     longer counts in the merged figures
   */
  public record Redis(
      @DefaultValue("strangler:") String keyPrefix,
      @DefaultValue("2s") Duration timeout,
      @DefaultValue("500ms") Duration reconcileInterval,
      @DefaultValue("5s") Duration leaseTtl,
      @DefaultValue("1s") Duration figuresInterval,
      @DefaultValue("5s") Duration figuresTtl) {

    /**
     * Checks the durations.
     *
     * @throws IllegalArgumentException when a duration is not positive, or the figures outlive
     *     fewer than two intervals
     */
    public Redis {
      positive("timeout", timeout);
      positive("reconcile-interval", reconcileInterval);
      positive("lease-ttl", leaseTtl);
      positive("figures-interval", figuresInterval);
      positive("figures-ttl", figuresTtl);
      if (figuresTtl.compareTo(figuresInterval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "strangler.state.redis.figures-ttl: "
                + figuresTtl
                + " (expected: at least twice figures-interval, "
                + figuresInterval.multipliedBy(2)
                + ")");
      }
    }

    private static void positive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "strangler.state.redis." + name + ": " + value + " (expected: more than 0)");
      }
    }
  }

  /**
   * The cookie a route whose {@code sticky-by} ends with {@code assign-cookie} sets on the answer
   * to a request without a sticky key. Its name is the route's ({@code assign-cookie:NAME}, default
   * {@code strangler-key}); it is always {@code HttpOnly}, {@code SameSite=Lax} and {@code Path=/},
   * and {@code Secure} when the client came over TLS.
   *
   * @param maxAge how long a browser keeps the cookie, and so its side (default 30d; 0 for a
   *     session cookie)
   */
  public record AssignCookie(@DefaultValue("30d") Duration maxAge) {

    /**
     * Checks the age.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public AssignCookie {
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException(
            "strangler.assign-cookie.max-age: " + maxAge + " (expected: 0 or more)");
      }
    }
  }

  /**
   * The runner of rollout plans.
   *
   * @param enabled whether routes' rollout plans run (default true); when false, plan moves of the
   *     admin API answer 501
   * @param evaluateInterval how often running rollout plans are judged (default 5s, 10ms to 1h)
   * @param latencySamples the most latencies the latency gate keeps per route, side and plan step
   *     on each replica, a uniform random sample of the step's (default 1000, 10..100000; 4 bytes
   *     each, so 8 KB a route at the default, and as many numbers in the figures a replica
   *     publishes to the others)
   */
  public record Plans(
      @DefaultValue("true") boolean enabled,
      @DurationMin(millis = 10, message = "(expected: 10ms..1h)")
          @DurationMax(hours = 1, message = "(expected: 10ms..1h)")
          @DefaultValue("5s")
          Duration evaluateInterval,
      @Range(min = 10, max = 100_000, message = "(expected: 10..100000)") @DefaultValue("1000")
          int latencySamples) {}

  /**
   * Request paths that a backend may resolve to another path than the one routed (dot-segments,
   * {@code //}, {@code %2F}, {@code %5C}, {@code %25}, {@code ;} parameters, control characters)
   * are refused with 400; these allow what a legacy application needs.
   *
   * @param allowedParameters path parameters allowed by name, e.g. {@code jsessionid} for {@code
   *     ;jsessionid=...} of a servlet application; routes are matched on the path without them
   *     (default none; each name is checked as the gateway starts)
   * @param allowEncodedSlash whether {@code %2F} is allowed; a path holding one is refused unless
   *     it leads to the same route with {@code %2F} read as data and as a separator (default false)
   */
  public record Paths(
      @DefaultValue List<String> allowedParameters,
      @DefaultValue("false") boolean allowEncodedSlash) {}

  /**
   * The proxies in front of the gateway.
   *
   * @param trustedProxies addresses or CIDR blocks (IPv4 or IPv6, e.g. {@code 10.0.0.0/8}, {@code
   *     fd00::/8}) of the proxies in front of the gateway: only a connection from one of them may
   *     pass on {@code X-Forwarded-*} and {@code Forwarded}, and the client address is then taken
   *     from {@code X-Forwarded-For}; from any other peer they are dropped (default none; each
   *     entry is checked as the gateway starts)
   */
  public record Forwarded(@DefaultValue List<String> trustedProxies) {}

  /**
   * The connections to the backends; the pool itself is Spring Cloud Gateway's ({@code
   * spring.cloud.gateway.server.webflux.httpclient.pool.*}, with Strangler's defaults in its {@code
   * application.yml}).
   *
   * @param maxPendingAcquires requests that may wait for a connection to one backend when its
   *     {@code fixed} pool is in full use; more fail at once into a fallback or a {@code 502}
   *     problem (default twice {@code pool.max-connections}; Spring Cloud Gateway's own pool has no
   *     bound)
   * @param readTimeout the longest silence of a backend while its answer is awaited or read, from
   *     the end of the request to the last byte of the answer (default 60s, as nginx's {@code
   *     proxy_read_timeout}); then the call fails: a {@code 502} problem or a fallback before the
   *     answer's head, a closed client connection after it. {@code 0}: no limit
   * @param poolPerEventLoop whether each event loop of the server has a pool of connections of its
   *     own, so that a request and its backend call run on one thread (default true); the {@code
   *     fixed} pool's {@code max-connections} and {@code max-pending-acquires} are then divided
   *     among the event loops' pools, rounded down. False: one pool per backend, shared by all
   *     loops
   */
  public record Backend(
      @Nullable Integer maxPendingAcquires,
      @DefaultValue("60s") Duration readTimeout,
      @DefaultValue("true") boolean poolPerEventLoop) {

    /** Checks the bounds. */
    public Backend {
      if (readTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "strangler.backend.read-timeout: " + readTimeout + " (expected: 0 or more)");
      }
      if (maxPendingAcquires != null && maxPendingAcquires < 0) {
        throw new IllegalArgumentException(
            "strangler.backend.max-pending-acquires: "
                + maxPendingAcquires
                + " (expected: 0 or more)");
      }
    }
  }

  /**
   * How the gateway stops.
   *
   * @param drain how long the gateway goes on serving new requests after it is asked to stop
   *     (SIGTERM), its readiness already DOWN, so that a load balancer can stop sending it traffic
   *     before it refuses connections (default 5s; 0 stops at once); requests in flight then get
   *     {@code spring.lifecycle.timeout-per-shutdown-phase} to finish
   */
  public record Shutdown(@DefaultValue("5s") Duration drain) {

    /**
     * Checks the drain.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public Shutdown {
      if (drain.isNegative()) {
        throw new IllegalArgumentException(
            "strangler.shutdown.drain: " + drain + " (expected: 0 or more)");
      }
    }
  }

  /**
   * The history of each route's figures ({@code GET /admin/routes/{id}/history}, the dashboard's
   * charts, the last hour of {@code GET /admin/progress}) and the catch-all's path shapes.
   *
   * @param resolution the time one point of the history covers (default 10s; whole seconds, 1s to
   *     10m)
   * @param window the time the history covers (default 1h; a whole number of resolutions, 2 to 8640
   *     of them); the "last hour" of the progress figures is this window
   * @param pathShapes path shapes of catch-all requests kept, the most requested (default 1000; 1
   *     to 100000)
   */
  public record History(
      @DefaultValue("10s") Duration resolution,
      @DefaultValue("1h") Duration window,
      @DefaultValue("1000") int pathShapes) {

    /** Checks the bounds. */
    public History {
      if (resolution.toMillis() % 1000 != 0
          || resolution.compareTo(Duration.ofSeconds(1)) < 0
          || resolution.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            PREFIX + ".history.resolution: " + resolution + " (expected: whole seconds, 1s..10m)");
      }
      long slots = window.toMillis() / resolution.toMillis();
      if (window.toMillis() % resolution.toMillis() != 0 || slots < 2 || slots > 8640) {
        throw new IllegalArgumentException(
            PREFIX
                + ".history.window: "
                + window
                + " (expected: 2 to 8640 times the resolution "
                + resolution
                + ")");
      }
      if (pathShapes < 1 || pathShapes > 100_000) {
        throw new IllegalArgumentException(
            PREFIX + ".history.path-shapes: " + pathShapes + " (expected: 1..100000)");
      }
    }
  }

  private static void requireBytes(String property, DataSize size, long min) {
    if (size.toBytes() < min || size.toBytes() > MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(
          property
              + ": "
              + size
              + " (expected: "
              + DataSize.ofBytes(min)
              + ".."
              + DataSize.ofBytes(MAX_BUFFER_BYTES)
              + ")");
    }
  }
}
