package dev.strangler.rules;

import org.jspecify.annotations.Nullable;

/**
 * What {@link PathPolicy} says of a request path: refused, with the reason, or accepted.
 *
 * @param refusal why the path is refused; {@code null} when it is accepted
 * @param slashDecodedPath for an accepted path holding an encoded slash ({@code %2F}), which the
 *     policy allows: the path with every {@code %2F} decoded to {@code /}, as a server that decodes
 *     encoded slashes resolves it; {@code null} otherwise
 */
public record PathVerdict(@Nullable PathRefusal refusal, @Nullable String slashDecodedPath) {

  private static final PathVerdict ACCEPTED = new PathVerdict(null, null);

  private static final PathVerdict[] REFUSED = refusedByReason();

  /**
   * Checks that a refused path has no decoded form.
   *
   * @throws IllegalArgumentException if both components are set
   */
  public PathVerdict {
    if (refusal != null && slashDecodedPath != null) {
      throw new IllegalArgumentException(
          "slashDecodedPath: " + slashDecodedPath + " (expected: none for a refused path)");
    }
  }

  /**
   * Returns the verdict of an accepted path.
   *
   * @return a shared instance
   */
  public static PathVerdict accepted() {
    return ACCEPTED;
  }

  /**
   * Returns the verdict of a refused path.
   *
   * @param refusal the reason
   * @return a shared instance per reason
   */
  @SuppressWarnings("EnumOrdinal") // the shared verdicts are indexed by the reason's ordinal
  public static PathVerdict refused(PathRefusal refusal) {
    return REFUSED[refusal.ordinal()];
  }

  /**
   * Returns whether the path may be routed.
   *
   * @return {@code true} when there is no refusal
   */
  public boolean isAccepted() {
    return refusal == null;
  }

  @SuppressWarnings("EnumOrdinal")
  private static PathVerdict[] refusedByReason() {
    PathRefusal[] reasons = PathRefusal.values();
    PathVerdict[] verdicts = new PathVerdict[reasons.length];
    for (PathRefusal reason : reasons) {
      verdicts[reason.ordinal()] = new PathVerdict(reason, null);
    }
    return verdicts;
  }
}
