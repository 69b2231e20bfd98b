package dev.strangler.rules;

/**
 * Compiles the entries of {@code modern-filters} and {@code legacy-filters}. The gateway provides
 * one on Spring Cloud Gateway's own filter factories, so that the rules use their syntax and
 * behaviour; the rules library only reads the entries and keeps what the factory compiled.
 *
 * <p>The parser calls it once per entry and rules version, at start-up and on every reload, before
 * the rules are put in force: compiling must have no effect outside the returned object, so that a
 * refused file leaves nothing behind. The parser itself refuses an entry holding {@value
 * FilterEntry#EXPRESSION_START} before it calls the factory.
 */
@FunctionalInterface
public interface RequestFilterFactory {

  /** Refuses every entry: for a parser that is given no factory. */
  RequestFilterFactory NONE =
      (site, entry) -> {
        throw new IllegalArgumentException("no filters (this parser has no filter factory)");
      };

  /**
   * Checks and compiles one entry.
   *
   * @param site the route and side the entry belongs to
   * @param entry the entry as written
   * @return the compiled filter, opaque to the rules; {@link RequestFilter#compiled(Class)} hands
   *     it back
   * @throws IllegalArgumentException if the entry is not valid (unknown or refused name, wrong
   *     arguments); the message says what was expected and becomes the expectation of the rule
   *     violation
   */
  Object compile(FilterSite site, FilterEntry entry);
}
