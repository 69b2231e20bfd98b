package dev.strangler.rules;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who answers a request, why, and who gets a copy.
 *
 * <p>{@link Router} computes every possible decision of a route up front and hands out the same
 * instances, so comparing with {@code equals} is fine and cheap.
 *
 * @param route the matched route, as in force (its rollout is the effective one); {@code null} for
 *     the catch-all
 * @param target the side that answers
 * @param uri the URI of that side
 * @param reason why that side answers
 * @param sticky {@code true} when a canary decision bucketed the request by a sticky key (one the
 *     router assigned included) or the route's targets decided it; {@code false} for random
 *     bucketing (unsticky) and for every other decision
 * @param shadowTarget the side that gets a copy, always {@code target.other()}; {@code null} when
 *     the request is not mirrored
 * @param shadowUri the URI of the shadow side; {@code null} exactly when {@code shadowTarget} is
 * @param assignedKey the key the router made for a request without one, for the gateway to set as a
 *     cookie ({@code sticky-by} ending with {@code assign-cookie}); {@code null} otherwise. Only
 *     such decisions are made per request; every other is prepared with the router.
 */
public record RoutingDecision(
    @Nullable RouteRule route,
    Target target,
    URI uri,
    Reason reason,
    boolean sticky,
    @Nullable Target shadowTarget,
    @Nullable URI shadowUri,
    @Nullable AssignedKey assignedKey) {

  /** The route id reported for requests that match no route. */
  public static final String CATCH_ALL_ROUTE_ID = "catch-all";

  /** Why a side was chosen. */
  public enum Reason {
    /** No route matched: the top-level legacy answers. */
    CATCH_ALL,
    /** The route's mode decided (legacy, shadow or modern mode). */
    MODE,
    /** The canary bucket of the request decided. */
    CANARY,
    /**
     * The route's {@code targets} listed the request's sticky key or a header of it (canary mode).
     */
    TARGETED,
    /** A valid {@code X-Strangler-Force} header decided. */
    FORCED
  }

  /**
   * Checks that the parts fit together.
   *
   * @param route the matched route, as in force (its rollout is the effective one); {@code null}
   *     for the catch-all
   * @param target the side that answers
   * @param uri the URI of that side
   * @param reason why that side answers
   * @param sticky {@code true} when a canary decision bucketed the request by a sticky key; {@code
   *     false} for random bucketing (unsticky) and for every non-canary decision
   * @param shadowTarget the side that gets a copy, always {@code target.other()}; {@code null} when
   *     the request is not mirrored
   * @param shadowUri the URI of the shadow side; {@code null} exactly when {@code shadowTarget} is
   * @param assignedKey the key the router made for a request without one, or {@code null}
   * @throws IllegalArgumentException if the route is absent for a reason other than {@link
   *     Reason#CATCH_ALL} or present for it, if only one of {@code shadowTarget} and {@code
   *     shadowUri} is given, if the shadow target is the answering side, or if a key is assigned to
   *     a decision that is not a sticky canary one
   * @throws NullPointerException if {@code target}, {@code uri} or {@code reason} is null
   */
  public RoutingDecision {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(reason, "reason");
    if ((route == null) != (reason == Reason.CATCH_ALL)) {
      throw new IllegalArgumentException(
          "route: " + route + " (expected: absent exactly for reason CATCH_ALL)");
    }
    if ((shadowTarget == null) != (shadowUri == null)) {
      throw new IllegalArgumentException(
          "shadowUri: " + shadowUri + " (expected: present exactly when shadowTarget is)");
    }
    if (shadowTarget == target) {
      throw new IllegalArgumentException(
          "shadowTarget: " + shadowTarget + " (expected: " + target.other() + ")");
    }
    if (assignedKey != null && !(reason == Reason.CANARY && sticky)) {
      throw new IllegalArgumentException(
          "assignedKey: "
              + assignedKey
              + " (expected: only on a sticky canary decision, not "
              + reason
              + ")");
    }
  }

  /**
   * A decision without an assigned key, as the router prepares them.
   *
   * @param route the matched route, or {@code null} for the catch-all
   * @param target the side that answers
   * @param uri the URI of that side
   * @param reason why that side answers
   * @param sticky whether a sticky key decided a canary decision
   * @param shadowTarget the side that gets a copy, or {@code null}
   * @param shadowUri the URI of the shadow side, or {@code null}
   * @throws IllegalArgumentException as the canonical constructor
   * @throws NullPointerException if {@code target}, {@code uri} or {@code reason} is null
   */
  public RoutingDecision(
      @Nullable RouteRule route,
      Target target,
      URI uri,
      Reason reason,
      boolean sticky,
      @Nullable Target shadowTarget,
      @Nullable URI shadowUri) {
    this(route, target, uri, reason, sticky, shadowTarget, shadowUri, null);
  }

  /**
   * Returns this decision with a key the router made, for the gateway to set as a cookie.
   *
   * @param key the key
   * @return a new decision
   * @throws IllegalArgumentException if this is not a sticky canary decision
   */
  RoutingDecision withAssignedKey(AssignedKey key) {
    return new RoutingDecision(route, target, uri, reason, sticky, shadowTarget, shadowUri, key);
  }

  /**
   * Returns the id of the route, for headers, metrics and logs.
   *
   * @return the route id, or {@value #CATCH_ALL_ROUTE_ID} for the catch-all
   */
  public String routeId() {
    return route == null ? CATCH_ALL_ROUTE_ID : route.id();
  }

  /**
   * Whether the request is mirrored.
   *
   * @return {@code true} if {@link #shadowTarget()} is present
   */
  public boolean shadowed() {
    return shadowTarget != null;
  }
}
