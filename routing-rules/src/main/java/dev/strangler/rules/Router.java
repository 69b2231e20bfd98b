package dev.strangler.rules;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Decides, for each request, which side answers it and which side gets a copy.
 *
 * <p>Design: a router is immutable and built once per rules version, and again when a runtime
 * rollout or targets change ({@link #withRollout(String, Rollout)} and {@link #withTargets(String,
 * Targets)} reuse everything but the changed route's decisions or targets). Building it compiles
 * the path matchers, encodes each salt, puts each route's targets in hash tables, and creates every
 * {@link RoutingDecision} a route can return, so that {@link #decide(RoutingRequest)} only matches,
 * looks the key and the targeted headers up, hashes the key and picks a prepared decision. Only a
 * key the router assigns ({@code assign-cookie}) makes a decision of its own. A {@link PathIndex}
 * of the patterns' literal leading segments narrows the routes tried to those whose prefix the path
 * has.
 *
 * <p>The decision, in order:
 *
 * <ol>
 *   <li>The first route in file order that allows the method and has a matching path. None: the
 *       top-level legacy answers ({@link RoutingDecision.Reason#CATCH_ALL}), nothing is mirrored.
 *   <li>A forced target: {@value #FORCE_HEADER}{@code : legacy|modern} is obeyed only when a force
 *       token is configured and {@value #FORCE_TOKEN_HEADER} equals it ({@link
 *       RoutingDecision.Reason#FORCED}); nothing is mirrored. Removing both headers before proxying
 *       is the gateway's job.
 *   <li>The mode: legacy mode: legacy; modern mode: modern; shadow mode: legacy; canary mode: the
 *       side the route's {@link Targets} list the request's sticky key or a header of it on ({@link
 *       RoutingDecision.Reason#TARGETED}), else modern when the request's bucket is below the
 *       percent's basis points, else legacy. The key is the value of the first {@code sticky-by}
 *       source present and the bucket its {@link StickyBucket}; with none, a random bucket, and the
 *       decision is not {@link RoutingDecision#sticky() sticky}, unless {@code sticky-by} ends with
 *       {@code assign-cookie}: then the router makes a random key, buckets by it, and hands it to
 *       the gateway to set as a cookie ({@link RoutingDecision#assignedKey()}).
 *   <li>Mirroring, in shadow, canary and modern mode: when the method is one of {@code
 *       shadow.methods} and a random draw falls below {@code shadow.percent}, the other side gets a
 *       copy.
 * </ol>
 */
public final class Router {

  /** The request header that asks for a side: {@code legacy} or {@code modern}. */
  public static final String FORCE_HEADER = "X-Strangler-Force";

  /** The request header that must carry the force token for {@link #FORCE_HEADER} to count. */
  public static final String FORCE_TOKEN_HEADER = "X-Strangler-Force-Token";

  private final RulesFile rules;
  private final RandomGenerator random;
  private final @Nullable String forceToken;
  private final byte @Nullable [] forceTokenBytes;
  private final CompiledRoute[] routes;
  private final PathIndex pathIndex;
  private final Map<String, Integer> indexById;
  private final RoutingDecision catchAll;

  private Router(
      RulesFile rules,
      RandomGenerator random,
      @Nullable String forceToken,
      CompiledRoute[] routes,
      PathIndex pathIndex,
      Map<String, Integer> indexById) {
    this.rules = rules;
    this.pathIndex = pathIndex;
    this.random = random;
    this.forceToken = forceToken;
    this.forceTokenBytes = forceToken == null ? null : forceToken.getBytes(StandardCharsets.UTF_8);
    this.routes = routes;
    this.indexById = indexById;
    this.catchAll =
        new RoutingDecision(
            null,
            Target.LEGACY,
            rules.legacy(),
            RoutingDecision.Reason.CATCH_ALL,
            false,
            null,
            null);
  }

  /**
   * Builds the router of a rules version.
   *
   * @param rules the rules
   * @param rolloutOverrides runtime rollouts by route id, replacing the file's; ids that the rules
   *     do not have are ignored (state kept for a route that was since removed)
   * @param matchers compiles the route paths
   * @param random draws the bucket of requests without a sticky key and the shadow samples; it is
   *     shared by every request, so it must be thread-safe, e.g. {@code () ->
   *     ThreadLocalRandom.current().nextLong()}
   * @param forceToken the token that {@value #FORCE_TOKEN_HEADER} must carry; {@code null} or
   *     blank: forcing is off
   * @return the router
   * @throws IllegalArgumentException if {@code matchers} refuses a path of the rules
   * @throws NullPointerException if an argument other than {@code forceToken} is null
   */
  public static Router of(
      RulesFile rules,
      Map<String, Rollout> rolloutOverrides,
      PathMatcherFactory matchers,
      RandomGenerator random,
      @Nullable String forceToken) {
    return of(rules, rolloutOverrides, Map.of(), matchers, random, forceToken);
  }

  /**
   * Builds the router of a rules version, with runtime rollouts and targets.
   *
   * @param rules the rules
   * @param rolloutOverrides runtime rollouts by route id, replacing the file's; ids that the rules
   *     do not have are ignored
   * @param targetOverrides runtime targets by route id, replacing the file's; ids that the rules do
   *     not have are ignored
   * @param matchers compiles the route paths
   * @param random draws the bucket of requests without a sticky key, the keys {@code assign-cookie}
   *     makes and the shadow samples; shared by every request, so it must be thread-safe
   * @param forceToken the token that {@value #FORCE_TOKEN_HEADER} must carry; {@code null} or
   *     blank: forcing is off
   * @return the router
   * @throws IllegalArgumentException if {@code matchers} refuses a path of the rules, or runtime
   *     targets list keys for a route without sticky sources
   * @throws NullPointerException if an argument other than {@code forceToken} is null
   */
  public static Router of(
      RulesFile rules,
      Map<String, Rollout> rolloutOverrides,
      Map<String, Targets> targetOverrides,
      PathMatcherFactory matchers,
      RandomGenerator random,
      @Nullable String forceToken) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(rolloutOverrides, "rolloutOverrides");
    Objects.requireNonNull(targetOverrides, "targetOverrides");
    Objects.requireNonNull(matchers, "matchers");
    Objects.requireNonNull(random, "random");
    List<RouteRule> routeRules = rules.routes();
    CompiledRoute[] compiled = new CompiledRoute[routeRules.size()];
    Map<String, Integer> indexById = new HashMap<>();
    for (int i = 0; i < compiled.length; i++) {
      RouteRule rule = routeRules.get(i);
      Rollout override = rolloutOverrides.get(rule.id());
      Targets targets = targetOverrides.get(rule.id());
      compiled[i] =
          CompiledRoute.of(
              rule,
              matchers,
              override == null ? rule.rollout() : override,
              targets == null ? rule.targets() : targets);
      indexById.put(rule.id(), i);
    }
    String token = forceToken == null || forceToken.isBlank() ? null : forceToken;
    return new Router(
        rules, random, token, compiled, PathIndex.of(routeRules, matchers), Map.copyOf(indexById));
  }

  /**
   * Returns a router that differs from this one in the rollout of one route. Matchers and salts are
   * reused.
   *
   * @param routeId the route
   * @param rollout its new rollout
   * @return the new router; this one is unchanged
   * @throws IllegalArgumentException if the rules have no route {@code routeId}
   */
  public Router withRollout(String routeId, Rollout rollout) {
    Objects.requireNonNull(rollout, "rollout");
    int index = indexOf(routeId);
    CompiledRoute[] copy = routes.clone();
    copy[index] = routes[index].withRollout(rollout);
    return new Router(rules, random, forceToken, copy, pathIndex, indexById);
  }

  /**
   * Returns a router that differs from this one in the targets of one route. Matchers, salts and
   * rollouts are reused.
   *
   * @param routeId the route
   * @param targets its new targets
   * @return the new router; this one is unchanged
   * @throws IllegalArgumentException if the rules have no route {@code routeId}, or the targets
   *     list keys while the route has no sticky source
   */
  public Router withTargets(String routeId, Targets targets) {
    Objects.requireNonNull(targets, "targets");
    int index = indexOf(routeId);
    CompiledRoute[] copy = routes.clone();
    copy[index] = routes[index].withTargets(targets);
    return new Router(rules, random, forceToken, copy, pathIndex, indexById);
  }

  /**
   * Returns the targets in force for a route: the runtime ones, or else the file's.
   *
   * @param routeId the route
   * @return its effective targets
   * @throws IllegalArgumentException if the rules have no route {@code routeId}
   */
  public Targets targets(String routeId) {
    return routes[indexOf(routeId)].targets;
  }

  /**
   * Returns the targets in force for every route.
   *
   * @return route id to effective targets, in file order; unmodifiable
   */
  public Map<String, Targets> allTargets() {
    Map<String, Targets> targets = new LinkedHashMap<>();
    for (CompiledRoute route : routes) {
      targets.put(route.rule.id(), route.targets);
    }
    return Collections.unmodifiableMap(targets);
  }

  /**
   * Returns the rollout in force for a route: the runtime override, or else the file's.
   *
   * @param routeId the route
   * @return its effective rollout
   * @throws IllegalArgumentException if the rules have no route {@code routeId}
   */
  public Rollout rollout(String routeId) {
    return routes[indexOf(routeId)].rollout;
  }

  /**
   * Returns the rollout in force for every route.
   *
   * @return route id to effective rollout, in file order; unmodifiable
   */
  public Map<String, Rollout> rollouts() {
    Map<String, Rollout> rollouts = new LinkedHashMap<>();
    for (CompiledRoute route : routes) {
      rollouts.put(route.rule.id(), route.rollout);
    }
    return Collections.unmodifiableMap(rollouts);
  }

  /**
   * Returns a route as in force: with its effective rollout, and the shadow percent resolved for
   * that rollout's mode.
   *
   * @param routeId the route
   * @return the route, or empty if the rules have none with that id
   */
  public Optional<RouteRule> route(String routeId) {
    Integer index = indexById.get(routeId);
    return index == null ? Optional.empty() : Optional.of(routes[index].rule);
  }

  /**
   * Returns the rules this router was built from, as parsed: rollouts are the file's; see {@link
   * #rollout(String)} for those in force.
   *
   * @return the rules
   */
  public RulesFile rules() {
    return rules;
  }

  /**
   * Decides who answers a request and who gets a copy.
   *
   * @param request the request
   * @return the decision; one of the instances prepared when this router was built
   */
  public RoutingDecision decide(RoutingRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    for (int candidate : pathIndex.candidates(request)) {
      CompiledRoute route = routes[candidate];
      if (route.matches(method, request)) {
        return decide(route, method, request);
      }
    }
    return catchAll;
  }

  @SuppressWarnings("EnumOrdinal") // the forced decisions are indexed as CompiledRoute made them
  private RoutingDecision decide(CompiledRoute route, String method, RoutingRequest request) {
    Target forced = forcedTarget(request);
    if (forced != null) {
      return route.forced[forced.ordinal()];
    }
    return switch (route.rollout.mode()) {
      case LEGACY -> route.byMode[CompiledRoute.index(Target.LEGACY, false)];
      case SHADOW -> route.byMode[CompiledRoute.index(Target.LEGACY, mirrored(route, method))];
      case MODERN -> route.byMode[CompiledRoute.index(Target.MODERN, mirrored(route, method))];
      case CANARY -> canary(route, method, request);
    };
  }

  private RoutingDecision canary(CompiledRoute route, String method, RoutingRequest request) {
    String key = route.stickyKey(request);
    Target targeted = route.targeting.match(key, request);
    if (targeted != null) {
      return route.byTarget[CompiledRoute.index(targeted, mirrored(route, method))];
    }
    if (key == null && route.assignedCookie != null) {
      String assigned = assignedKey();
      Target target =
          route.bucket.bucket(assigned) < route.canaryBasisPoints ? Target.MODERN : Target.LEGACY;
      return route.byCanary[CompiledRoute.index(target, true, mirrored(route, method))]
          .withAssignedKey(new AssignedKey(route.assignedCookie, assigned));
    }
    int bucket = key == null ? random.nextInt(StickyBucket.BUCKETS) : route.bucket.bucket(key);
    Target target = bucket < route.canaryBasisPoints ? Target.MODERN : Target.LEGACY;
    return route.byCanary[CompiledRoute.index(target, key != null, mirrored(route, method))];
  }

  /** 128 random bits as 32 lower-case hex digits. */
  private String assignedKey() {
    return HexFormat.of().toHexDigits(random.nextLong())
        + HexFormat.of().toHexDigits(random.nextLong());
  }

  private @Nullable Target forcedTarget(RoutingRequest request) {
    byte[] expected = forceTokenBytes;
    if (expected == null) {
      return null;
    }
    String asked = request.header(FORCE_HEADER);
    if (asked == null) {
      return null;
    }
    Target target;
    if (asked.strip().equalsIgnoreCase("legacy")) {
      target = Target.LEGACY;
    } else if (asked.strip().equalsIgnoreCase("modern")) {
      target = Target.MODERN;
    } else {
      return null;
    }
    String token = request.header(FORCE_TOKEN_HEADER);
    if (token == null) {
      return null;
    }
    return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8)) ? target : null;
  }

  private boolean mirrored(CompiledRoute route, String method) {
    int basisPoints = route.shadowBasisPoints;
    if (basisPoints == 0 || !route.shadowMethods.contains(method)) {
      return false;
    }
    return basisPoints >= StickyBucket.BUCKETS
        || random.nextInt(StickyBucket.BUCKETS) < basisPoints;
  }

  private int indexOf(String routeId) {
    Integer index = indexById.get(routeId);
    if (index == null) {
      throw new IllegalArgumentException(
          "route: " + routeId + " (expected: one of " + indexById.keySet() + ")");
    }
    return index;
  }

  /**
   * A route ready for the request path. The matching half (matchers, sticky sources, salt) is
   * shared between the routers of one rules version; the rollout half is rebuilt per rollout.
   *
   * <p>Its decisions are made once per rollout and kept in arrays indexed by {@link Target}'s
   * ordinal (with the sticky and shadowed flags), so that a request allocates none.
   */
  @SuppressWarnings("EnumOrdinal")
  private static final class CompiledRoute {

    private final RouteRule fileRule;
    private final PathMatcher[] matchers;
    private final StickySource[] stickyBy;
    private final StickyBucket bucket;
    private final @Nullable String assignedCookie;

    private final RouteRule rule;
    private final Rollout rollout;
    private final Targets targets;
    private final CompiledTargets targeting;
    private final int canaryBasisPoints;
    private final int shadowBasisPoints;
    private final Set<String> shadowMethods;

    /** Indexed by {@link #index(Target, boolean)}. */
    private final RoutingDecision[] byMode;

    /** Indexed by {@link #index(Target, boolean, boolean)}. */
    private final RoutingDecision[] byCanary;

    /** Indexed by target ordinal. */
    private final RoutingDecision[] forced;

    /** Indexed by {@link #index(Target, boolean)}. */
    private final RoutingDecision[] byTarget;

    private CompiledRoute(
        RouteRule fileRule,
        PathMatcher[] matchers,
        StickySource[] stickyBy,
        StickyBucket bucket,
        Rollout rollout,
        Targets targets,
        CompiledTargets targeting) {
      this.fileRule = fileRule;
      this.matchers = matchers;
      this.stickyBy = stickyBy;
      this.bucket = bucket;
      StickySource last = stickyBy.length == 0 ? null : stickyBy[stickyBy.length - 1];
      this.assignedCookie = last != null && last.assigns() ? last.name() : null;
      RouteRule inForce =
          rollout.equals(fileRule.rollout()) ? fileRule : fileRule.withRollout(rollout);
      this.rule = targets.equals(inForce.targets()) ? inForce : inForce.withTargets(targets);
      this.rollout = rollout;
      this.targets = targets;
      this.targeting = targeting;
      this.canaryBasisPoints = rollout.percent().basisPoints();
      this.shadowBasisPoints =
          rollout.mode() == Mode.LEGACY ? 0 : rule.shadow().percent().basisPoints();
      this.shadowMethods = rule.shadow().methods();
      this.byMode = new RoutingDecision[4];
      this.byCanary = new RoutingDecision[8];
      this.forced = new RoutingDecision[2];
      this.byTarget = new RoutingDecision[4];
      for (Target target : Target.values()) {
        forced[target.ordinal()] = decision(RoutingDecision.Reason.FORCED, target, false, false);
        for (boolean shadowed : new boolean[] {false, true}) {
          byMode[index(target, shadowed)] =
              decision(RoutingDecision.Reason.MODE, target, false, shadowed);
          byTarget[index(target, shadowed)] =
              decision(RoutingDecision.Reason.TARGETED, target, true, shadowed);
          for (boolean sticky : new boolean[] {false, true}) {
            byCanary[index(target, sticky, shadowed)] =
                decision(RoutingDecision.Reason.CANARY, target, sticky, shadowed);
          }
        }
      }
    }

    static CompiledRoute of(
        RouteRule rule, PathMatcherFactory factory, Rollout rollout, Targets targets) {
      List<String> paths = rule.paths();
      PathMatcher[] matchers = new PathMatcher[paths.size()];
      for (int i = 0; i < matchers.length; i++) {
        matchers[i] = Objects.requireNonNull(factory.compile(paths.get(i)), "matcher");
      }
      return new CompiledRoute(
          rule,
          matchers,
          rule.stickyBy().toArray(new StickySource[0]),
          StickyBucket.forSalt(rule.salt()),
          rollout,
          targets,
          CompiledTargets.of(targets));
    }

    CompiledRoute withRollout(Rollout newRollout) {
      return new CompiledRoute(
          fileRule, matchers, stickyBy, bucket, newRollout, targets, targeting);
    }

    CompiledRoute withTargets(Targets newTargets) {
      return new CompiledRoute(
          fileRule,
          matchers,
          stickyBy,
          bucket,
          rollout,
          newTargets,
          CompiledTargets.of(newTargets));
    }

    static int index(Target target, boolean shadowed) {
      return target.ordinal() * 2 + (shadowed ? 1 : 0);
    }

    static int index(Target target, boolean sticky, boolean shadowed) {
      return (target.ordinal() * 2 + (sticky ? 1 : 0)) * 2 + (shadowed ? 1 : 0);
    }

    boolean matches(String method, RoutingRequest request) {
      if (!rule.allowsMethod(method)) {
        return false;
      }
      for (PathMatcher matcher : matchers) {
        if (matcher.matches(request)) {
          return true;
        }
      }
      return false;
    }

    @Nullable String stickyKey(RoutingRequest request) {
      for (StickySource source : stickyBy) {
        String key = source.keyOf(request);
        if (key != null) {
          return key;
        }
      }
      return null;
    }

    private RoutingDecision decision(
        RoutingDecision.Reason reason, Target target, boolean sticky, boolean shadowed) {
      URI uri = rule.uri(target);
      Target shadowTarget = shadowed ? target.other() : null;
      URI shadowUri = shadowed ? rule.uri(target.other()) : null;
      return new RoutingDecision(rule, target, uri, reason, sticky, shadowTarget, shadowUri);
    }
  }
}
