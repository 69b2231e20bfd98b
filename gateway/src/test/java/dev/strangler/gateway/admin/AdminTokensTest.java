package dev.strangler.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminTokensTest {

  static final String ADMIN_TOKEN = "0123456789abcdef-admin";

  @Test
  void nameOf_findsTheTokensName_orNothing() {
    AdminTokens tokens =
        AdminTokens.of(ADMIN_TOKEN, Map.of("ci-bot", "0123456789abcdef-ci"), new SecureRandom());

    assertThat(tokens.nameOf(ADMIN_TOKEN)).hasValue("admin");
    assertThat(tokens.nameOf("0123456789abcdef-ci")).hasValue("ci-bot");
    assertThat(tokens.nameOf(ADMIN_TOKEN + " ")).isEmpty();
    assertThat(tokens.nameOf("")).isEmpty();
    assertThat(tokens.names()).containsExactly("admin", "ci-bot");
  }

  @Test
  void blankToken_generatesOne() {
    AdminTokens tokens = AdminTokens.of(" ", Map.of(), new SecureRandom());

    assertThat(tokens.names()).containsExactly("admin");
  }

  @Test
  void namedTokensAlone_generateNothing() {
    AdminTokens tokens =
        AdminTokens.of(null, Map.of("ops", "0123456789abcdef-ops"), new SecureRandom());

    assertThat(tokens.names()).containsExactly("ops");
  }

  @Test
  void unfitTokensAndNames_stopStartUp_withoutShowingTheTokens() {
    Map<String, String> named = new LinkedHashMap<>();
    named.put("plan", "0123456789abcdef-plan");
    named.put("Bad Name", "0123456789abcdef-bad");
    named.put("short", "s3cret");
    named.put("copy", ADMIN_TOKEN);

    assertThatThrownBy(() -> AdminTokens.of(ADMIN_TOKEN, named, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strangler.admin.tokens.plan: <name plan>")
        .hasMessageContaining("strangler.admin.tokens.Bad Name: <name Bad Name>")
        .hasMessageContaining(
            "strangler.admin.tokens.short: <6 characters> (expected: at least 16 characters")
        .hasMessageContaining("strangler.admin.tokens.copy: <the token of another name>")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining(ADMIN_TOKEN);
  }
}
