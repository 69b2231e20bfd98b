package dev.strangler.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records {@code strangler_rules_reloads_total{result}}: changes of the rules file put in force
 * ({@code applied}) or refused ({@code refused}, once per refused content). Both are registered at
 * start-up, so that an alert on {@code increase()} sees a zero before the first refusal.
 */
final class RulesReloadMetrics {

  static final String APPLIED = "applied";

  static final String REFUSED = "refused";

  private final Counter applied;

  private final Counter refused;

  RulesReloadMetrics(MeterRegistry registry) {
    this.applied = counter(registry, APPLIED);
    this.refused = counter(registry, REFUSED);
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder(StranglerMetricNames.RULES_RELOADS)
        .description("Changes of the rules file put in force or refused")
        .tag(TagNames.RESULT, result)
        .register(registry);
  }

  /** Counts a change of the rules file put in force. */
  void applied() {
    applied.increment();
  }

  /** Counts a refused change of the rules file. */
  void refused() {
    refused.increment();
  }
}
