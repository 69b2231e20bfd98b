package dev.strangler.rules;

/**
 * When a request that is not safe to replay ({@code POST}, {@code PATCH}) may be sent to legacy
 * after modern failed.
 *
 * <p>Wire form: {@code never}, {@code connect-failure}, {@code always}. Safe methods ({@code GET},
 * {@code HEAD}, {@code OPTIONS}, {@code PUT}, {@code DELETE}) are always replayed.
 */
public enum ReplayUnsafe {
  /** Never replay an unsafe request: the client gets modern's failure. */
  NEVER,
  /**
   * Replay only when modern provably never received the request: connection refused or circuit
   * open. The default.
   */
  CONNECT_FAILURE,
  /** Replay on every failure, accepting that both sides may have executed it. */
  ALWAYS;

  /**
   * Returns the wire form of this policy.
   *
   * @return {@code never}, {@code connect-failure} or {@code always}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the wire form of a replay policy, ignoring case.
   *
   * @param wireName {@code never}, {@code connect-failure} or {@code always}
   * @return the policy
   * @throws IllegalArgumentException if {@code wireName} names no policy; the message lists the
   *     allowed values
   */
  public static ReplayUnsafe parse(String wireName) {
    return WireNames.parse(values(), "replay-unsafe", wireName);
  }
}
