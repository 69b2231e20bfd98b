package dev.strangler.gateway.admin;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A request's admin token: before authentication the token itself, after it the token's name, which
 * is the principal's name and the audit log's "who".
 */
final class AdminTokenAuthentication extends AbstractAuthenticationToken {

  private final String principal;

  private @Nullable String token;

  private AdminTokenAuthentication(
      String principal, @Nullable String token, boolean authenticated) {
    super(authenticated ? AuthorityUtils.createAuthorityList("ROLE_ADMIN") : List.of());
    this.principal = principal;
    this.token = token;
    super.setAuthenticated(authenticated);
  }

  /** The token as presented, not yet checked. */
  static AdminTokenAuthentication presented(String token) {
    return new AdminTokenAuthentication("<unchecked>", token, false);
  }

  /** The authentication of the token named {@code name}. */
  static AdminTokenAuthentication of(String name) {
    return new AdminTokenAuthentication(name, null, true);
  }

  @Override
  public @Nullable Object getCredentials() {
    return token;
  }

  @Override
  public Object getPrincipal() {
    return principal;
  }

  @Override
  public void setAuthenticated(boolean authenticated) {
    if (authenticated) {
      throw new IllegalArgumentException(
          "authenticated: true (expected: an authentication made by AdminTokens)");
    }
    super.setAuthenticated(false);
  }

  @Override
  public void eraseCredentials() {
    super.eraseCredentials();
    token = null;
  }
}
