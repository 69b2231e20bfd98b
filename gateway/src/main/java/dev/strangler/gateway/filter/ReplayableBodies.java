package dev.strangler.gateway.filter;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Makes a request body sendable twice, so that a request can go to legacy after modern failed.
 *
 * <p>A body whose {@code Content-Length} is at most {@code strangler.replay.max-body-bytes} is read
 * in full and kept as a heap array (no pooled buffer outlives the exchange, so nothing can leak);
 * each attempt sends a fresh wrapper of it. A larger body, or one of unknown length (chunked), is
 * streamed: it can be replayed only if the first attempt never started to send it.
 */
final class ReplayableBodies {

  /** The body of a request without one; shared, never written to. */
  private static final byte[] NO_BODY = new byte[0];

  private ReplayableBodies() {
  }

  /**
   * Prepares an exchange for possible replay.
   * @param exchange the exchange
   * @param maxBytes the largest body kept for replay
   * @return the exchange to send, with its {@link Replay} handle
   */
  static Mono<Prepared> prepare(ServerWebExchange exchange, long maxBytes) {
    ServerHttpRequest request = exchange.getRequest();
    HttpHeaders headers = request.getHeaders();
    long length = headers.getContentLength();
    boolean chunked = headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    if (request instanceof BufferedBodyRequest buffered) {
      return Mono.just(new Prepared(exchange, () -> true, buffered.body));
    }
    if (length == 0 || (length < 0 && !chunked)) {
      return Mono.just(new Prepared(exchange, () -> true, NO_BODY));
    }
    if (length > 0 && length <= maxBytes) {
      DataBufferFactory factory = exchange.getResponse().bufferFactory();
      return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, maxBytes))
        .map(joined -> {
          byte[] bytes = new byte[joined.readableByteCount()];
          joined.read(bytes);
          DataBufferUtils.release(joined);
          return bytes;
        })
        .defaultIfEmpty(NO_BODY)
        .map(bytes -> new Prepared(
            exchange.mutate().request(new BufferedBodyRequest(request, factory, bytes)).build(),
            () -> true,
            bytes));
    }
    StreamedBodyRequest streamed = new StreamedBodyRequest(request);
    return Mono.just(
        new Prepared(exchange.mutate().request(streamed).build(), streamed::notStarted, null));
  }

  /** Whether the body can still be sent again. */
  @FunctionalInterface
  interface Replay {

    boolean possible();

  }

  /**
   * @param exchange the exchange to send on
   * @param replay whether the body can still be sent again
   * @param body the whole body when it was buffered (empty when there is none), null when streamed
   */
  record Prepared(ServerWebExchange exchange, Replay replay, byte @Nullable [] body) {
  }

  private static final class BufferedBodyRequest extends ServerHttpRequestDecorator {

    private final DataBufferFactory factory;

    private final byte[] body;

    BufferedBodyRequest(ServerHttpRequest delegate, DataBufferFactory factory, byte[] body) {
      super(delegate);
      this.factory = factory;
      this.body = body;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return Flux.defer(() -> Flux.just(factory.wrap(body)));
    }

  }

  private static final class StreamedBodyRequest extends ServerHttpRequestDecorator {

    private final AtomicBoolean started = new AtomicBoolean();

    StreamedBodyRequest(ServerHttpRequest delegate) {
      super(delegate);
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return super.getBody().doOnSubscribe(subscription -> started.set(true));
    }

    boolean notStarted() {
      return !started.get();
    }

  }

}
