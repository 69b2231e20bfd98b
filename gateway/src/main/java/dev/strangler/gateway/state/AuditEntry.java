package dev.strangler.gateway.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of runtime state: who made it, what it was, when and why.
 *
 * @param at when
 * @param who the name of the admin token used, or {@value #PLAN}, {@value #RULES_FILE} or {@value
 *     #STATE_STORE}
 * @param route the route changed, or null for a change of no single route
 * @param action what was done, the wire name of an {@link AuditAction}
 * @param from the route's rollout before, or null when the action did not touch it
 * @param to the route's rollout after, or null when the action did not touch it
 * @param reason why, as the operator gave it or as the gateway explains it
 * @param figures the figures that decided a plan move (error rate, latency ratio, diff rate...),
 *     empty for other actions
 * @param gates how each gate of a judged plan step was tested, empty for other actions
 */
public record AuditEntry(
    Instant at,
    String who,
    @Nullable String route,
    String action,
    @Nullable RolloutSnapshot from,
    @Nullable RolloutSnapshot to,
    @Nullable String reason,
    Map<String, Double> figures,
    List<AuditGate> gates) {

  /** Who a plan's own moves are made by. */
  public static final String PLAN = "plan";

  /** Who a replacement of runtime state by a change of the rules file is made by. */
  public static final String RULES_FILE = "rules-file";

  /** Who a restoration of runtime state into a Redis that had lost it is made by. */
  public static final String STATE_STORE = "state-store";

  /** Checks for nulls and copies the figures and gates (absent in entries of older versions). */
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(action, "action");
    figures = figures == null ? Map.of() : Map.copyOf(figures);
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /**
   * An entry without gates: every change but a judged plan move.
   *
   * @param at when
   * @param who who
   * @param route the route changed, or null
   * @param action what was done
   * @param from the route's rollout before, or null
   * @param to the route's rollout after, or null
   * @param reason why
   * @param figures the figures that decided it, may be empty
   */
  public AuditEntry(
      Instant at,
      String who,
      @Nullable String route,
      String action,
      @Nullable RolloutSnapshot from,
      @Nullable RolloutSnapshot to,
      @Nullable String reason,
      Map<String, Double> figures) {
    this(at, who, route, action, from, to, reason, figures, List.of());
  }

  /**
   * An entry of a change of one route's rollout.
   *
   * @param at when
   * @param who who
   * @param route the route
   * @param action what
   * @param from the rollout before, or null when only the route's targets changed
   * @param to the rollout after, or null when the route left the rules file or only its targets
   *     changed
   * @param reason why
   * @return the entry, without figures
   */
  public static AuditEntry ofRollout(
      Instant at,
      String who,
      String route,
      AuditAction action,
      @Nullable RolloutSnapshot from,
      @Nullable RolloutSnapshot to,
      @Nullable String reason) {
    return new AuditEntry(at, who, route, action.wireName(), from, to, reason, Map.of());
  }
}
