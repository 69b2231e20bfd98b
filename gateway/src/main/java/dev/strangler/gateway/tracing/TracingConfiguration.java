package dev.strangler.gateway.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Strangler's spans, while tracing is on; the tracer, the propagator and the OTLP exporter are
 * Spring Boot's, configured by its {@code management.tracing.*} and {@code
 * management.opentelemetry.tracing.*} properties.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTracing
class TracingConfiguration {

  @Bean
  RequestTracing requestTracing(Tracer tracer, Propagator propagator) {
    return new RequestTracing(tracer, propagator);
  }

  /** Shadow copies' spans follow their request's sampling decision ({@link LinkedSpanSampler}). */
  @Bean
  SdkTracerProviderBuilderCustomizer linkedSpanSampler(Sampler sampler) {
    return builder -> builder.setSampler(new LinkedSpanSampler(sampler));
  }
}
