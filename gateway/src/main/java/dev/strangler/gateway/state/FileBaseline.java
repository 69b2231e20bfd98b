package dev.strangler.gateway.state;

import dev.strangler.rules.PlanSettings;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Targets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the rules file said of a route when runtime state (a rollout set at runtime, a plan's state)
 * was kept for it: the route's rollout and its plan. The runtime state holds while the file says
 * the same of the route; once the file gives the route another rollout or another plan, or drops
 * the route, the file wins and the runtime state is replaced (a changed plan so starts again at its
 * first step).
 *
 * <p>The plan is kept as a fingerprint of its settings, so that the state store need not know the
 * plan's layout: a change of any setting, steps or gates, changes it.
 *
 * @param rollout the route's rollout in the rules file
 * @param plan the fingerprint of the route's plan in the rules file, or null when it had none
 */
public record FileBaseline(RolloutSnapshot rollout, @Nullable String plan) {

  /** Checks for nulls. */
  public FileBaseline {
    Objects.requireNonNull(rollout, "rollout");
  }

  /**
   * What the rules file says of a route now.
   *
   * @param route a route of the rules file
   * @return what the file says of it now
   */
  public static FileBaseline of(RouteRule route) {
    PlanSettings plan = route.plan();
    return new FileBaseline(RolloutSnapshot.of(route.rollout()), plan == null ? null : print(plan));
  }

  /**
   * The one rule by which a change of the rules file replaces runtime state.
   *
   * @param route the route in the rules in force, or null when they no longer have it
   * @return whether runtime state kept against this baseline still holds for the route
   */
  public boolean holdsFor(@Nullable RouteRule route) {
    return route != null && equals(of(route));
  }

  /**
   * The fingerprint of a route's targets, which runtime targets are kept against: a change of the
   * file's targets replaces them.
   *
   * @param targets the targets of a route in the rules file
   * @return the first 16 hex digits of the SHA-256 of their text
   */
  public static String targetsPrint(Targets targets) {
    return print(targets.toString());
  }

  /** The first 16 hex digits of the SHA-256 of the settings' text, which names every setting. */
  private static String print(PlanSettings plan) {
    return print(plan.toString());
  }

  private static String print(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
    }
  }
}
