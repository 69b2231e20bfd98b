package dev.strangler.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyPercentileTest {

  static Timer timer() {
    return Timer.builder("t")
        .serviceLevelObjectives(
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100))
        .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Test
  void nothingTimed_isNull() {
    assertThat(LatencyPercentile.millis(timer(), 0.99)).isNull();
  }

  @Test
  void interpolatesInsideTheBucketHoldingTheRank_asHistogramQuantileDoes() {
    Timer timer = timer();
    for (int i = 0; i < 90; i++) {
      timer.record(Duration.ofMillis(5));
    }
    for (int i = 0; i < 10; i++) {
      timer.record(Duration.ofMillis(30));
    }

    // rank 99 of 100: 9 of the 10 requests in (10, 50] -> 10 + 40 * 9 / 10
    assertThat(LatencyPercentile.millis(timer, 0.99)).isEqualTo(46.0);
    // rank 50: inside [0, 10], 50 of 90
    assertThat(LatencyPercentile.millis(timer, 0.5)).isEqualTo(5.56);
  }

  @Test
  void beyondTheLastBucket_isTheLastBound() {
    Timer timer = timer();
    timer.record(Duration.ofSeconds(3));

    assertThat(LatencyPercentile.millis(timer, 0.99)).isEqualTo(100.0);
  }
}
