package dev.strangler.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rules file was refused; {@link #violations()} lists every problem found, not just the first.
 *
 * <p>The message is {@code invalid rules: } followed by the violations, one per line, e.g.
 *
 * <pre>
 * invalid rules: routes[0].percent: 150 (expected: 0..100)
 * routes[1].id: Orders (expected: [a-z0-9][a-z0-9-]{0,62})
 * </pre>
 */
public final class RulesValidationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Unmodifiable; a {@code List.copyOf} copy, which is serializable. */
  private final List<RuleViolation> violations;

  /**
   * Creates the exception.
   *
   * @param violations the problems, at least one, in the order found
   * @throws IllegalArgumentException if {@code violations} is empty
   * @throws NullPointerException if {@code violations} or an element is null
   */
  public RulesValidationException(List<RuleViolation> violations) {
    super(message(violations));
    this.violations = List.copyOf(violations);
  }

  /**
   * Returns the problems.
   *
   * @return every violation, in the order found; never empty
   */
  public List<RuleViolation> violations() {
    return violations;
  }

  private static String message(List<RuleViolation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("violations: [] (expected: at least one)");
    }
    return violations.stream()
        .map(RuleViolation::toString)
        .collect(Collectors.joining("\n", "invalid rules: ", ""));
  }
}
