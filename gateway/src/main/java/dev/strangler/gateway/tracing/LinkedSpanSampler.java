package dev.strangler.gateway.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Samples a span that starts a trace with links (a shadow copy's, linked to its request's) exactly
 * when a linked span is sampled; every other span as the sampler it wraps decides (Spring Boot's:
 * the parent's decision, else {@code management.tracing.sampling.probability}). So a sampled
 * request's shadow copies are in the traces too, and an unsampled request's are not.
 */
final class LinkedSpanSampler implements Sampler {

  private final Sampler delegate;

  LinkedSpanSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if (!parentLinks.isEmpty() && !Span.fromContext(parentContext).getSpanContext().isValid()) {
      for (LinkData link : parentLinks) {
        if (link.getSpanContext().isSampled()) {
          return SamplingResult.recordAndSample();
        }
      }
      return SamplingResult.drop();
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "LinkedSpanSampler{" + delegate.getDescription() + "}";
  }
}
