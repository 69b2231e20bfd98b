package dev.strangler.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The clock of the tests: one that stands still ({@link #at}) for unit tests, or follows the system
 * clock ({@link #ofSystem}) for a running gateway; either is moved forward by hand with {@link
 * #advance}, e.g. past a circuit breaker's open state, without waiting for it.
 */
public final class TestClock extends Clock {

  private final Clock source;

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  private TestClock(Clock source) {
    this.source = source;
  }

  /**
   * A clock that stands still.
   *
   * @param start its time until it is advanced
   * @return the clock
   */
  public static TestClock at(Instant start) {
    return new TestClock(Clock.fixed(start, ZoneOffset.UTC));
  }

  /**
   * A clock that follows the system clock, plus what it was advanced by.
   *
   * @return the clock
   */
  public static TestClock ofSystem() {
    return new TestClock(Clock.systemUTC());
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    offset.updateAndGet(sum -> sum.plus(duration));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return source.instant().plus(offset.get());
  }

  /** The gateway's clock in a {@link GatewayIT}: the system's, which a test may advance. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class InContext {

    @Bean
    @Primary
    TestClock testClock() {
      return ofSystem();
    }
  }
}
