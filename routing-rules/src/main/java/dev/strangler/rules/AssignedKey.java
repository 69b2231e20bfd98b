package dev.strangler.rules;

import java.util.Objects;

/**
 * A sticky key the router made for a request that had none, for a route whose {@code sticky-by}
 * ends with {@code assign-cookie}: the gateway sets it as a cookie on the answer, so that the
 * browser sends it back and stays on its side.
 *
 * @param cookieName the cookie to set, a token
 * @param key the key the request was bucketed by, 32 lower-case hex digits
 */
public record AssignedKey(String cookieName, String key) {

  /**
   * Checks for nulls.
   *
   * @param cookieName the cookie to set
   * @param key the key the request was bucketed by
   * @throws NullPointerException if an argument is null
   */
  public AssignedKey {
    Objects.requireNonNull(cookieName, "cookieName");
    Objects.requireNonNull(key, "key");
  }
}
