package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.metrics.FallbackMetrics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FallbackReasonTagsTest {

  @Test
  void everyReasonTag_isRegisteredAheadByTheFallbackMetrics() {
    assertThat(Arrays.stream(FallbackReason.values()).map(FallbackReason::tag).distinct())
        .containsExactlyInAnyOrderElementsOf(FallbackMetrics.REASONS);
  }
}
