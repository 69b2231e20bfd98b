/**
 * Tracing of the request path on Micrometer Tracing with the OpenTelemetry bridge, exported over
 * OTLP: off until {@code management.opentelemetry.tracing.export.otlp.endpoint} is set ({@link
 * dev.strangler.gateway.tracing.TracingSwitch}); then a span per proxied request, a span per call
 * to a side, a span per shadow copy linked to its request's, and W3C {@code traceparent} on every
 * call.
 */
@NullMarked
package dev.strangler.gateway.tracing;

import org.jspecify.annotations.NullMarked;
