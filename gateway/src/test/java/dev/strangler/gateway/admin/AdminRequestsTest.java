package dev.strangler.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdminRequestsTest {

  static final Rollout CURRENT = new Rollout(Mode.CANARY, Percent.of("7"));

  final AdminRequests requests = new AdminRequests();

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rollout_readsModePercentAndReason() {
    AdminRequests.RolloutRequest request =
        requests.rollout(
            json("{\"mode\":\"CANARY\",\"percent\":12.5,\"reason\":\"  go  \"}"), CURRENT);

    assertThat(request.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("12.5")));
    assertThat(request.reason()).isEqualTo("go");
  }

  @Test
  void rollout_percentIsExact_notADouble() {
    assertThat(
            requests
                .rollout(json("{\"mode\":\"canary\",\"percent\":0.1,\"reason\":\"r\"}"), CURRENT)
                .rollout()
                .percent()
                .basisPoints())
        .isEqualTo(10);
    assertThat(
            requests
                .rollout(json("{\"mode\":\"canary\",\"percent\":1e1,\"reason\":\"r\"}"), CURRENT)
                .rollout()
                .percent()
                .basisPoints())
        .isEqualTo(1000);
  }

  @Test
  void rollout_withoutPercentOutsideCanary_keepsTheCurrentOne() {
    assertThat(requests.rollout(json("{\"mode\":\"modern\",\"reason\":\"r\"}"), CURRENT).rollout())
        .isEqualTo(new Rollout(Mode.MODERN, Percent.of("7")));
  }

  @Test
  void rollout_absurdNumbers_areRefusedShortly() {
    assertThatThrownBy(
            () ->
                requests.rollout(
                    json("{\"mode\":\"canary\",\"percent\":1e100000,\"reason\":\"r\"}"), CURRENT))
        .isInstanceOf(AdminProblem.class)
        .hasMessage("percent: 1E+100000 (expected: 0..100)");
    assertThatThrownBy(
            () ->
                requests.rollout(
                    json("{\"mode\":\"canary\",\"percent\":1e-100000,\"reason\":\"r\"}"), CURRENT))
        .isInstanceOf(AdminProblem.class)
        .hasMessage("percent: 1E-100000 (expected: at most 2 decimals)");
  }

  @Test
  void rollout_expressionsAreJustText() {
    assertThatThrownBy(
            () -> requests.rollout(json("{\"mode\":\"#{'canary'}\",\"reason\":\"r\"}"), CURRENT))
        .isInstanceOf(AdminProblem.class)
        .hasMessage("mode: #{'canary'} (expected: one of legacy, shadow, canary, modern)");
    assertThat(
            requests
                .rollout(
                    json("{\"mode\":\"legacy\",\"reason\":\"${jndi:ldap://x/a} #{1+1}\"}"), CURRENT)
                .reason())
        .isEqualTo("${jndi:ldap://x/a} #{1+1}");
  }

  @Test
  void reason_longValuesAreEchoedShortAndOnOneLine() {
    assertThatThrownBy(
            () -> requests.reason(json("{\"reason\":\"r\",\"" + "k".repeat(200) + "\":1}")))
        .isInstanceOf(AdminProblem.class)
        .hasMessage("k".repeat(80) + "…: 1 (expected: one of reason)");
    assertThatThrownBy(() -> requests.reason(json("{\"reason\":\"a\\u0000b\"}")))
        .isInstanceOf(AdminProblem.class)
        .hasMessage("reason: a?b (expected: one line of text, no control characters)");
  }

  @Test
  void optionalReason_mayBeAbsent_butNotBlank() {
    assertThat(requests.optionalReason(null)).isNull();
    assertThat(requests.optionalReason(" stale ")).isEqualTo("stale");
    assertThatThrownBy(() -> requests.optionalReason(" ")).isInstanceOf(AdminProblem.class);
  }
}
