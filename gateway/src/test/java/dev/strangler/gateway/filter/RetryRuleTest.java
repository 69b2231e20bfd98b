package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.client.TestTransmissions;
import dev.strangler.gateway.client.Transmission;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

class RetryRuleTest {

  /** What Reactor Netty reports for a connection closed before any answer. */
  static final Throwable CLOSED_BEFORE_RESPONSE = PrematureCloseException.TEST_EXCEPTION;

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
  void idempotent_writtenOnReusedConnection_closedBeforeAnswer_isRetried(String method) {
    Transmission transmission = TestTransmissions.sent(true);

    assertThat(
            RetryRule.judge(HttpMethod.valueOf(method), transmission, CLOSED_BEFORE_RESPONSE, true))
        .isEqualTo(RetryReason.CLOSED_BEFORE_RESPONSE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PATCH", "PROPFIND"})
  void unsafe_writtenOnReusedConnection_isNeverRetried(String method) {
    Transmission transmission = TestTransmissions.sent(true);

    assertThat(
            RetryRule.judge(HttpMethod.valueOf(method), transmission, CLOSED_BEFORE_RESPONSE, true))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PATCH"})
  void anyMethod_connectionClosedBeforeAnyByteWritten_isRetried(String method) {
    Transmission transmission = TestTransmissions.connectedNothingSent(true);

    assertThat(
            RetryRule.judge(
                HttpMethod.valueOf(method), transmission, AbortedException.beforeSend(), true))
        .isEqualTo(RetryReason.NOT_SENT);
  }

  @Test
  void post_pooledConnectionsFoundClosedOnAcquire_isRetried() {
    Transmission transmission = new Transmission();

    assertThat(
            RetryRule.judge(
                HttpMethod.POST,
                transmission,
                new IOException("Error while acquiring from reactor.netty...SimpleDequePool@1"),
                true))
        .isEqualTo(RetryReason.NOT_SENT);
  }

  @Test
  void get_writtenOnNewConnection_closedBeforeAnswer_isNotRetried() {
    Transmission transmission = TestTransmissions.sent(false);

    assertThat(RetryRule.judge(HttpMethod.GET, transmission, CLOSED_BEFORE_RESPONSE, true))
        .isNull();
  }

  @Test
  void get_answerStarted_isNotRetried() {
    Transmission transmission = TestTransmissions.sent(true);
    TestTransmissions.received(transmission);

    assertThat(RetryRule.judge(HttpMethod.GET, transmission, CLOSED_BEFORE_RESPONSE, true))
        .isNull();
  }

  @Test
  void put_bodyNotResendable_isNotRetried() {
    Transmission transmission = TestTransmissions.sent(true);

    assertThat(RetryRule.judge(HttpMethod.PUT, transmission, CLOSED_BEFORE_RESPONSE, false))
        .isNull();
  }

  @Test
  void get_connectionRefused_timeout_orFullPool_areNotRetried() {
    Transmission transmission = new Transmission();

    assertThat(RetryRule.judge(HttpMethod.GET, transmission, new ConnectException("refused"), true))
        .isNull();
    assertThat(RetryRule.judge(HttpMethod.GET, transmission, new TimeoutException(), true))
        .isNull();
    assertThat(
            RetryRule.judge(
                HttpMethod.GET,
                transmission,
                new IllegalStateException("Pending acquire queue has reached its maximum size"),
                true))
        .isNull();
  }

  @Test
  void get_resetOrClosedChannel_onReusedConnection_isRetried() {
    Transmission transmission = TestTransmissions.sent(true);

    assertThat(
            RetryRule.judge(
                HttpMethod.GET, transmission, new IOException("Connection reset by peer"), true))
        .isEqualTo(RetryReason.CLOSED_BEFORE_RESPONSE);
    assertThat(RetryRule.judge(HttpMethod.GET, transmission, new ClosedChannelException(), true))
        .isEqualTo(RetryReason.CLOSED_BEFORE_RESPONSE);
  }
}
