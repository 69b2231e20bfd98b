package dev.strangler.rules;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A filter entry with what the {@link RequestFilterFactory} compiled from it, built once per rules
 * version and used on every call to its side.
 *
 * <p>Equality is the entry's: the compiled form follows from the entry, the route and the side, so
 * two routes that differ in neither compare equal across reloads, and a reload that leaves a route
 * as it was does not count as changing it.
 */
public final class RequestFilter {

  private final FilterEntry entry;

  private final Object compiled;

  private RequestFilter(FilterEntry entry, Object compiled) {
    this.entry = entry;
    this.compiled = compiled;
  }

  /**
   * Pairs an entry with its compiled form.
   *
   * @param entry the entry as written
   * @param compiled what the factory compiled from it
   * @return the filter
   * @throws NullPointerException if an argument is null
   */
  public static RequestFilter of(FilterEntry entry, Object compiled) {
    return new RequestFilter(
        Objects.requireNonNull(entry, "entry"), Objects.requireNonNull(compiled, "compiled"));
  }

  /** Returns the entry as written. */
  public FilterEntry entry() {
    return entry;
  }

  /**
   * Returns the compiled form, as the factory made it.
   *
   * @param <T> its type
   * @param type the class the factory compiles to
   * @return the compiled form
   * @throws ClassCastException if it is not a {@code type}: it was compiled by another factory
   */
  public <T> T compiled(Class<T> type) {
    return type.cast(compiled);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RequestFilter filter && entry.equals(filter.entry);
  }

  @Override
  public int hashCode() {
    return entry.hashCode();
  }

  /** Returns the entry as written. */
  @Override
  public String toString() {
    return entry.toString();
  }
}
