package dev.strangler.gateway.tracing;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's tracing and OpenTelemetry auto-configuration out while tracing is off
 * ({@link TracingSwitch}). The libraries ship with the gateway so that one property turns tracing
 * on; without this filter Spring Boot would start a tracer, its observation handlers and an
 * OpenTelemetry SDK even with nowhere to export to, and every observation would pay for them.
 *
 * <p>Spring Boot's Prometheus exemplars are left out in any case: Strangler's spans are not made
 * current on the event loop (they travel in the exchange), so there would never be a span to
 * attach, only the cost of looking for one on every recorded metric. Registered in {@code
 * META-INF/spring.factories}.
 */
public final class TracingAutoConfigurationFilter
    implements AutoConfigurationImportFilter, EnvironmentAware {

  private static final String SPRING_BOOT_TRACING = "org.springframework.boot.micrometer.tracing.";

  private static final String SPRING_BOOT_OPENTELEMETRY = "org.springframework.boot.opentelemetry.";

  private static final String PROMETHEUS_EXEMPLARS =
      SPRING_BOOT_TRACING + "autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration";

  private boolean tracing;

  @Override
  public void setEnvironment(Environment environment) {
    tracing = TracingSwitch.isOn(environment);
  }

  @Override
  public boolean[] match(String[] classNames, AutoConfigurationMetadata metadata) {
    boolean[] matches = new boolean[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      String name = classNames[i];
      matches[i] =
          name == null
              || !(PROMETHEUS_EXEMPLARS.equals(name)
                  || (!tracing
                      && (name.startsWith(SPRING_BOOT_TRACING)
                          || name.startsWith(SPRING_BOOT_OPENTELEMETRY))));
    }
    return matches;
  }
}
