package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.ReplayUnsafe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpMethod;

/**
 * The SPEC's table of replay after a failure of modern: GET, HEAD, OPTIONS, PUT and DELETE always;
 * POST, PATCH (and any other method) only as {@code replay-unsafe} allows, {@code connect-failure}
 * meaning when modern provably never received the request (connection refused, nothing of the
 * request written, circuit open).
 */
class ReplayPolicyTest {

  @ParameterizedTest(name = "{0} after {1}, replay-unsafe {2}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # idempotent methods: always, whatever failed and whatever replay-unsafe says
          GET     | STATUS          | NEVER           | true
          GET     | TIMEOUT         | NEVER           | true
          GET     | CONNECTION_LOST | NEVER           | true
          HEAD    | TIMEOUT         | NEVER           | true
          HEAD    | CONNECTION_LOST | CONNECT_FAILURE | true
          OPTIONS | STATUS          | NEVER           | true
          OPTIONS | TIMEOUT         | CONNECT_FAILURE | true
          PUT     | STATUS          | NEVER           | true
          PUT     | TIMEOUT         | NEVER           | true
          PUT     | CONNECTION_LOST | CONNECT_FAILURE | true
          DELETE  | TIMEOUT         | NEVER           | true
          DELETE  | CONNECTION_LOST | NEVER           | true
          # POST: never
          POST    | STATUS          | NEVER           | false
          POST    | TIMEOUT         | NEVER           | false
          POST    | CONNECT_REFUSED | NEVER           | false
          POST    | NOT_SENT        | NEVER           | false
          POST    | CONNECTION_LOST | NEVER           | false
          POST    | CIRCUIT_OPEN    | NEVER           | false
          # POST: connect-failure, only when modern never received it
          POST    | STATUS          | CONNECT_FAILURE | false
          POST    | TIMEOUT         | CONNECT_FAILURE | false
          POST    | CONNECT_REFUSED | CONNECT_FAILURE | true
          POST    | NOT_SENT        | CONNECT_FAILURE | true
          POST    | CONNECTION_LOST | CONNECT_FAILURE | false
          POST    | CIRCUIT_OPEN    | CONNECT_FAILURE | true
          # POST: always
          POST    | STATUS          | ALWAYS          | true
          POST    | TIMEOUT         | ALWAYS          | true
          POST    | CONNECT_REFUSED | ALWAYS          | true
          POST    | NOT_SENT        | ALWAYS          | true
          POST    | CONNECTION_LOST | ALWAYS          | true
          POST    | CIRCUIT_OPEN    | ALWAYS          | true
          # PATCH and extension methods are as unsafe as POST
          PATCH   | STATUS          | NEVER           | false
          PATCH   | CIRCUIT_OPEN    | NEVER           | false
          PATCH   | TIMEOUT         | CONNECT_FAILURE | false
          PATCH   | CONNECTION_LOST | CONNECT_FAILURE | false
          PATCH   | CONNECT_REFUSED | CONNECT_FAILURE | true
          PATCH   | NOT_SENT        | CONNECT_FAILURE | true
          PATCH   | CIRCUIT_OPEN    | CONNECT_FAILURE | true
          PATCH   | TIMEOUT         | ALWAYS          | true
          PURGE   | TIMEOUT         | CONNECT_FAILURE | false
          PURGE   | CONNECT_REFUSED | CONNECT_FAILURE | true
          """)
  void allows_asTheSpecsTable(
      String method, FallbackReason reason, ReplayUnsafe replayUnsafe, boolean replayed) {
    assertThat(ReplayPolicy.allows(HttpMethod.valueOf(method), replayUnsafe, reason, true))
        .isEqualTo(replayed);
  }

  @ParameterizedTest
  @EnumSource(FallbackReason.class)
  void bodyNoLongerReplayable_isNeverReplayed_evenForAGet(FallbackReason reason) {
    assertThat(ReplayPolicy.allows(HttpMethod.GET, ReplayUnsafe.ALWAYS, reason, false)).isFalse();
    assertThat(ReplayPolicy.allows(HttpMethod.POST, ReplayUnsafe.ALWAYS, reason, false)).isFalse();
  }

  @Test
  void idempotentMethods_areReplayedAfterEveryFailure_underTheStrictestPolicy() {
    for (String method : new String[] {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}) {
      for (FallbackReason reason : FallbackReason.values()) {
        assertThat(
                ReplayPolicy.allows(HttpMethod.valueOf(method), ReplayUnsafe.NEVER, reason, true))
            .as("%s after %s", method, reason)
            .isTrue();
      }
    }
  }
}
