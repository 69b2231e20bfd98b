package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.client.TestTransmissions;
import dev.strangler.gateway.client.Transmission;
import dev.strangler.rules.ReplayUnsafe;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
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
}
