package dev.strangler.gateway.tracing;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether tracing is on: exactly when Spring Boot's OTLP tracing endpoint is set ({@value
 * #ENDPOINT}) and Spring Boot's own switches ({@value #EXPORT_ENABLED}, {@value
 * #OTLP_EXPORT_ENABLED}) are not turned off. Without it the gateway starts neither Spring Boot's
 * tracing nor its OpenTelemetry SDK ({@link TracingAutoConfigurationFilter}) nor Strangler's spans
 * ({@link ConditionalOnTracing}): the request path pays nothing for tracing.
 */
final class TracingSwitch {

  /**
   * Spring Boot's property of the OTLP/HTTP traces endpoint, e.g. {@code
   * http://otel:4318/v1/traces}.
   */
  static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

  /** Spring Boot's switch of trace export and propagation, default true. */
  static final String EXPORT_ENABLED = "management.tracing.export.enabled";

  /** Spring Boot's switch of the OTLP span exporter, default true. */
  static final String OTLP_EXPORT_ENABLED = "management.tracing.export.otlp.enabled";

  private TracingSwitch() {}

  /**
   * Tells whether tracing is on: an OTLP endpoint is set and its export is not turned off.
   *
   * @param environment the application's environment
   * @return whether tracing is on
   */
  static boolean isOn(Environment environment) {
    return StringUtils.hasText(environment.getProperty(ENDPOINT))
        && environment.getProperty(EXPORT_ENABLED, Boolean.class, true)
        && environment.getProperty(OTLP_EXPORT_ENABLED, Boolean.class, true);
  }
}
