package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class TimeLimitsTest {

  @Test
  void callAnsweringWithinTheLimit_givesItsAnswer() {
    assertThat(
            TimeLimits.within(Mono.just("answer"), Duration.ofMinutes(1), Schedulers.parallel())
                .block(Duration.ofSeconds(5)))
        .isEqualTo("answer");
  }

  @Test
  void callFailingWithinTheLimit_failsWithItsOwnError() {
    IllegalStateException failure = new IllegalStateException("refused");

    assertThatThrownBy(
            () ->
                TimeLimits.within(Mono.error(failure), Duration.ofMinutes(1), Schedulers.parallel())
                    .block(Duration.ofSeconds(5)))
        .isSameAs(failure);
  }

  @Test
  void callTakingLonger_failsWithATimeoutNamingTheLimit() {
    Mono<Object> limited =
        TimeLimits.within(Mono.never(), Duration.ofMillis(20), Schedulers.parallel());

    assertThatThrownBy(() -> limited.block(Duration.ofSeconds(5)))
        .hasCauseInstanceOf(TimeoutException.class)
        .hasRootCauseMessage("No answer within 20 ms");
  }
}
