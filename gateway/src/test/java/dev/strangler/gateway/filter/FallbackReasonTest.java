package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.client.TestTransmissions;
import dev.strangler.gateway.client.Transmission;
import dev.strangler.rules.ReplayUnsafe;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import reactor.netty.http.client.PrematureCloseException;

class FallbackReasonTest {

  @Test
  void failureBeforeAnyByteWritten_isNotSent_andLetsAPostGoToLegacyUnderConnectFailure() {
    Transmission nothingSent = new Transmission();

    FallbackReason reason =
        FallbackReason.of(new IllegalStateException("pending acquire queue full"), nothingSent);

    assertThat(reason).isEqualTo(FallbackReason.NOT_SENT);
    assertThat(reason.tag()).isEqualTo("connect");
    assertThat(ReplayPolicy.allows(HttpMethod.POST, ReplayUnsafe.CONNECT_FAILURE, reason, true))
        .isTrue();
  }

  @Test
  void failureAfterTheRequestWasWritten_isConnectionLost_andKeepsAPostFromLegacy() {
    Transmission sent = TestTransmissions.sent(true);

    FallbackReason reason = FallbackReason.of(PrematureCloseException.TEST_EXCEPTION, sent);

    assertThat(reason).isEqualTo(FallbackReason.CONNECTION_LOST);
    assertThat(ReplayPolicy.allows(HttpMethod.POST, ReplayUnsafe.CONNECT_FAILURE, reason, true))
        .isFalse();
  }

  @Test
  void timeoutAndRefusal_keepTheirReasons_whateverWasWritten() {
    Transmission nothingSent = new Transmission();

    assertThat(FallbackReason.of(new TimeoutException(), nothingSent))
        .isEqualTo(FallbackReason.TIMEOUT);
    assertThat(FallbackReason.of(new ConnectException("refused"), nothingSent))
        .isEqualTo(FallbackReason.CONNECT_REFUSED);
  }

  @Test
  void unknownTransmission_isConnectionLost() {
    assertThat(FallbackReason.of(PrematureCloseException.TEST_EXCEPTION, null))
        .isEqualTo(FallbackReason.CONNECTION_LOST);
  }

  @Test
  void of_timeout_isTimeout_alsoWhenWrapped() {
    assertThat(FallbackReason.of(new TimeoutException("Did not observe any item"), null))
        .isEqualTo(FallbackReason.TIMEOUT);
    assertThat(FallbackReason.of(new IllegalStateException(new TimeoutException()), null))
        .isEqualTo(FallbackReason.TIMEOUT);
  }

  @Test
  void of_connectionNotOpened_isConnectRefused_alsoAConnectTimeoutOrWhenWrapped() {
    assertThat(FallbackReason.of(new ConnectTimeoutException("connection timed out"), null))
        .isEqualTo(FallbackReason.CONNECT_REFUSED);
    assertThat(FallbackReason.of(new RuntimeException(new ConnectException()), null))
        .isEqualTo(FallbackReason.CONNECT_REFUSED);
  }

  @Test
  void of_otherErrorsOfAnUnknownTransmission_areConnectionLost() {
    assertThat(FallbackReason.of(new IOException("Connection reset by peer"), null))
        .isEqualTo(FallbackReason.CONNECTION_LOST);
    assertThat(FallbackReason.of(new IllegalStateException(), null))
        .isEqualTo(FallbackReason.CONNECTION_LOST);
  }

  @ParameterizedTest(name = "{0}: tag {1}, modern never received it: {2}")
  @CsvSource({
    "STATUS, status, false",
    "TIMEOUT, timeout, false",
    "CONNECT_REFUSED, connect, true",
    "NOT_SENT, connect, true",
    "CONNECTION_LOST, connect, false",
    "CIRCUIT_OPEN, circuit_open, true"
  })
  void tag_isTheMetricAndHeaderValue_andOnlyUnsentCallsProveModernNeverReceivedIt(
      FallbackReason reason, String tag, boolean modernNeverReceived) {
    assertThat(reason.tag()).isEqualTo(tag);
    assertThat(reason.modernNeverReceived()).isEqualTo(modernNeverReceived);
  }
}
