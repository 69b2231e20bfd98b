package dev.strangler.gateway.state;

/**
 * A write was refused because the route's state changed since the writer read it (another replica
 * or another caller wrote first), or because the writer no longer holds the plan lease it named.
 * Nothing was written; the writer may decide again from {@link #current()}.
 */
public final class StateConflictException extends IllegalStateException {

  private final transient RouteState current;

  /**
   * @param message what conflicted
   * @param current the route's state as the store holds it now
   */
  public StateConflictException(String message, RouteState current) {
    super(message);
    this.current = current;
  }

  /** Returns the route's state as the store holds it now. */
  public RouteState current() {
    return current;
  }
}
