package dev.strangler.gateway.metrics;

/** Tag names of Strangler's meters. */
public final class TagNames {

  /** The rules route id, or {@code catch-all}. */
  public static final String ROUTE = "route";

  /** The side that answered: {@code legacy} or {@code modern}. */
  public static final String TARGET = "target";

  /** {@code success}, {@code client_error}, {@code server_error} or {@code fallback}. */
  public static final String OUTCOME = "outcome";

  /**
   * Why a request fell back: {@code status}, {@code timeout}, {@code connect}, {@code
   * circuit_open}; why a request path was refused, e.g. {@code dot_segment}; why a backend call was
   * retried: {@code not_sent}, {@code closed_before_response}.
   */
  public static final String REASON = "reason";

  /**
   * What became of a mirrored request: {@code compared}, {@code dropped}, {@code failed}, {@code
   * skipped}; or of a changed rules file: {@code applied}, {@code refused}.
   */
  public static final String RESULT = "result";

  /** Severity of a difference: {@code breaking}, {@code changed}, {@code additive}. */
  public static final String SEVERITY = "severity";

  /** The kind of state store: {@code file} or {@code redis}. */
  public static final String STORE = "store";

  /** A plan move as the audit log names it, e.g. {@code plan-step}, {@code plan-rollback}. */
  public static final String ACTION = "action";

  private TagNames() {}
}
