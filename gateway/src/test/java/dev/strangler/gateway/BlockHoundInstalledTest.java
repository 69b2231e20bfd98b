package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Guards the guard: the gateway's tests run with BlockHound, so blocking on a reactor thread fails.
 */
class BlockHoundInstalledTest {

  @Test
  void blockingCallOnNonBlockingThread_fails() {
    Mono<Void> blocking =
        Mono.fromRunnable(
                () -> {
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                  }
                })
            .subscribeOn(Schedulers.parallel())
            .then();

    assertThatThrownBy(() -> blocking.block(Duration.ofSeconds(5)))
        .satisfies(
            error ->
                org.assertj.core.api.Assertions.assertThat(
                        error instanceof BlockingOperationError
                            || error.getCause() instanceof BlockingOperationError)
                    .isTrue());
  }
}
