package dev.strangler.gateway.shadow;

import java.nio.ByteBuffer;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response that feeds what it writes to a {@link PrimaryCapture}, chunk by chunk, without
 * delaying or changing it.
 */
public final class CapturingResponse extends ServerHttpResponseDecorator {

  private final PrimaryCapture capture;

  public CapturingResponse(ServerHttpResponse delegate, PrimaryCapture capture) {
    super(delegate);
    this.capture = capture;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    begin();
    return super.writeWith(
        Flux.from(body)
            .doOnNext(this::copy)
            .doOnComplete(capture::complete)
            .doOnError(error -> capture.abandon())
            .doOnCancel(capture::abandon));
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    // streamed answers (server-sent events and the like) are not compared
    capture.abandon();
    return super.writeAndFlushWith(body);
  }

  @Override
  public Mono<Void> setComplete() {
    begin();
    capture.complete();
    return super.setComplete();
  }

  private void begin() {
    HttpStatusCode status = getStatusCode();
    capture.begin(
        status == null ? 200 : status.value(), ComparableHeaders.of(getHeaders()::forEach));
  }

  private void copy(DataBuffer buffer) {
    try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
      while (chunks.hasNext()) {
        ByteBuffer chunk = chunks.next();
        capture.append(chunk);
      }
    }
  }
}
