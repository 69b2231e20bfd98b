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
 * @param sticky {@code true} when a canary decision bucketed the request by a sticky key; {@code
 *     false} for random bucketing (unsticky) and for every non-canary decision
 * @param shadowTarget the side that gets a copy, always {@code target.other()}; {@code null} when
 *     the request is not mirrored
 * @param shadowUri the URI of the shadow side; {@code null} exactly when {@code shadowTarget} is
 */
public record RoutingDecision(
    @Nullable RouteRule route,
    Target target,
    URI uri,
    Reason reason,
    boolean sticky,
    @Nullable Target shadowTarget,
    @Nullable URI shadowUri) {

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
   * @throws IllegalArgumentException if the route is absent for a reason other than {@link
   *     Reason#CATCH_ALL} or present for it, if only one of {@code shadowTarget} and {@code
   *     shadowUri} is given, or if the shadow target is the answering side
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
