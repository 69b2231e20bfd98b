package dev.strangler.gateway.filter;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a backend's answer that arrived whole in its first chunk together with its head: one write
 * to the client's connection, one packet for a small answer, instead of two.
 *
 * <p>Spring Cloud Gateway's {@code NettyWriteResponseFilter} passes the backend's body on as a
 * stream of chunks, and Reactor Netty writes a streamed answer's head on its own first, then the
 * chunks: two system calls, and two packets for the client to wake up for, even when the whole body
 * came in one read, as a small JSON answer does. This filter hands the chain a response that looks
 * at the first chunk: when it holds the whole body the answer's {@code Content-Length} announces,
 * the body is given to Reactor Netty as one buffer, which it writes with the head in one go. Any
 * other answer (a larger body, one without a length, one that comes in pieces) is streamed as
 * before, chunk by chunk, without waiting for the rest, so a slow or cut body behaves as it always
 * did (the client gets what came, then a closed connection).
 */
final class SingleWriteFilter implements GlobalFilter, Ordered {

  /** Just before {@code NettyWriteResponseFilter}, which writes into the response it is given. */
  static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return chain.filter(
        exchange.mutate().response(new SingleWriteResponse(exchange.getResponse())).build());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** A response that writes a body complete in its first chunk as one buffer. */
  static final class SingleWriteResponse extends ServerHttpResponseDecorator {

    SingleWriteResponse(ServerHttpResponse delegate) {
      super(delegate);
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      long length = getHeaders().getContentLength();
      if (length <= 0 || body instanceof Mono) {
        return super.writeWith(body);
      }
      return Flux.<DataBuffer>from(body)
          .switchOnFirst(
              (first, chunks) -> {
                DataBuffer chunk = first.get();
                if (chunk != null && chunk.readableByteCount() == length) {
                  // the rest is the end of the answer, already read: the body is one buffer
                  return getDelegate().writeWith(DataBufferUtils.join(chunks));
                }
                return getDelegate().writeWith(chunks);
              })
          .then();
    }
  }
}
