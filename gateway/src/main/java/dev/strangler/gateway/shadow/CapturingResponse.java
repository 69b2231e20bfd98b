package dev.strangler.gateway.shadow;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

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
    if (body instanceof Mono<? extends DataBuffer> whole) {
      // one buffer stays one, so that it is written with the head (SingleWriteFilter)
      return super.writeWith(
          whole
              .doOnNext(this::copy)
              .doOnSuccess(buffer -> capture.complete())
              .doOnError(error -> capture.abandon())
              .doOnCancel(capture::abandon));
    }
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
    io.netty.handler.codec.http.HttpHeaders netty = nettyHeaders(getDelegate());
    capture.begin(
        status == null ? 200 : status.value(),
        netty != null ? ComparableHeaders.of(netty) : ComparableHeaders.of(getHeaders()::forEach));
  }

  /**
   * Netty's headers of the client's response, which Spring's headers of Reactor Netty's response
   * are a view of; null when another decorator stands between, which may show other headers.
   */
  private static io.netty.handler.codec.http.@Nullable HttpHeaders nettyHeaders(
      ServerHttpResponse response) {
    return response instanceof AbstractServerHttpResponse server
            && server.getNativeResponse() instanceof HttpServerResponse nativeResponse
        ? nativeResponse.responseHeaders()
        : null;
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
