package dev.strangler.gateway.filter;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes a request body sendable twice, so that a request can go to legacy after modern failed.
 *
 * <p>A body whose {@code Content-Length} is at most {@code strangler.replay.max-body-bytes} is read
 * in full and kept as a heap array (no pooled buffer outlives the exchange, so nothing can leak);
 * each attempt sends a fresh wrapper of it. A body of unknown length (chunked) is read ahead up to
 * that limit: kept the same way when it ends in time, streamed otherwise. A larger body is
 * streamed: it can be replayed only if the first attempt never started to send it.
 */
final class ReplayableBodies {

  /** The body of a request without one; shared, never written to. */
  private static final byte[] NO_BODY = new byte[0];

  private ReplayableBodies() {}

  /**
   * Prepares an exchange for possible replay.
   *
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
      return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, maxBytes))
          .map(joined -> copyAndRelease(List.of(joined)))
          .defaultIfEmpty(NO_BODY)
          .map(bytes -> buffered(exchange, bytes));
    }
    if (length < 0) {
      return readAhead(exchange, maxBytes);
    }
    return Mono.just(streamed(exchange, request.getBody()));
  }

  /**
   * Whether a request's body can be sent once more: it has none, it was buffered, or it is streamed
   * and nothing of it was taken yet.
   *
   * @param request the request as it went to a backend
   * @return whether a second attempt can send the same body
   */
  static boolean canResend(ServerHttpRequest request) {
    if (request instanceof BufferedBodyRequest) {
      return true;
    }
    if (request instanceof StreamedBodyRequest streamed) {
      return streamed.notStarted();
    }
    HttpHeaders headers = request.getHeaders();
    return headers.getContentLength() <= 0
        && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
  }

  /**
   * A body of unknown length (chunked): read until it ends or passes {@code maxBytes}. One that
   * ends in time is kept like a body of known length; a longer one is streamed, the bytes read
   * ahead first (copied to the heap, so that no pooled buffer waits for a send that may never
   * come), then the rest of the same body as it arrives.
   */
  private static Mono<Prepared> readAhead(ServerWebExchange exchange, long maxBytes) {
    Flux<DataBuffer> body = exchange.getRequest().getBody();
    return Flux.defer(
            () -> {
              long[] read = {0};
              return body.bufferUntil(buffer -> (read[0] += buffer.readableByteCount()) > maxBytes);
            })
        .switchOnFirst(
            (first, chunks) -> {
              if (first.isOnError()) {
                return Mono.error(Objects.requireNonNull(first.getThrowable(), "error"));
              }
              List<DataBuffer> head = first.get();
              if (head == null) {
                return Mono.just(buffered(exchange, NO_BODY));
              }
              byte[] headBytes = copyAndRelease(head);
              if (headBytes.length <= maxBytes) {
                return Mono.just(buffered(exchange, headBytes));
              }
              DataBufferFactory factory = exchange.getResponse().bufferFactory();
              Flux<DataBuffer> whole =
                  Flux.concat(
                      Mono.fromSupplier(() -> factory.wrap(headBytes)),
                      chunks.skip(1).concatMapIterable(rest -> rest));
              return Mono.just(streamed(exchange, whole));
            },
            false)
        .single();
  }

  private static Prepared buffered(ServerWebExchange exchange, byte[] body) {
    DataBufferFactory factory = exchange.getResponse().bufferFactory();
    return new Prepared(
        exchange
            .mutate()
            .request(new BufferedBodyRequest(exchange.getRequest(), factory, body))
            .build(),
        () -> true,
        body);
  }

  private static Prepared streamed(ServerWebExchange exchange, Flux<DataBuffer> body) {
    StreamedBodyRequest streamed = new StreamedBodyRequest(exchange.getRequest(), body);
    return new Prepared(exchange.mutate().request(streamed).build(), streamed::notStarted, null);
  }

  /** Copies buffers to one heap array and releases them, also when the copy fails. */
  private static byte[] copyAndRelease(List<DataBuffer> buffers) {
    try {
      int size = 0;
      for (DataBuffer buffer : buffers) {
        size += buffer.readableByteCount();
      }
      byte[] bytes = new byte[size];
      int at = 0;
      for (DataBuffer buffer : buffers) {
        int count = buffer.readableByteCount();
        buffer.read(bytes, at, count);
        at += count;
      }
      return bytes;
    } finally {
      buffers.forEach(DataBufferUtils::release);
    }
  }

  /** Whether the body can still be sent again. */
  @FunctionalInterface
  interface Replay {

    boolean possible();
  }

  /** An exchange ready to be sent, and possibly sent again. */
  static final class Prepared {

    private final ServerWebExchange exchange;

    private final Replay replay;

    private final byte @Nullable [] body;

    /**
     * @param exchange the exchange to send on
     * @param replay whether the body can still be sent again
     * @param body the whole body when it was buffered (empty when there is none), null when
     *     streamed
     */
    Prepared(ServerWebExchange exchange, Replay replay, byte @Nullable [] body) {
      this.exchange = exchange;
      this.replay = replay;
      this.body = body;
    }

    ServerWebExchange exchange() {
      return exchange;
    }

    Replay replay() {
      return replay;
    }

    byte @Nullable [] body() {
      return body;
    }
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

    private final Flux<DataBuffer> body;

    private final AtomicBoolean started = new AtomicBoolean();

    StreamedBodyRequest(ServerHttpRequest delegate, Flux<DataBuffer> body) {
      super(delegate);
      this.body = body;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return body.doOnSubscribe(subscription -> started.set(true));
    }

    boolean notStarted() {
      return !started.get();
    }
  }
}
