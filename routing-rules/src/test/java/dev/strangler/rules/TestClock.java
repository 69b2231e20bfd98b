package dev.strangler.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it, forwards or back. */
final class TestClock extends Clock {

  private Instant now;

  private TestClock(Instant now) {
    this.now = now;
  }

  static TestClock at(Instant now) {
    return new TestClock(now);
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the test clock is in UTC");
  }
}
