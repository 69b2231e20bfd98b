package dev.strangler.gateway.route;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The exchange a shadow copy's filters run on: the client's request, with attributes and a response
 * of its own, so that nothing the filters set or answer reaches the client's exchange.
 */
final class DetachedExchange extends ServerWebExchangeDecorator {

  private final Map<String, Object> attributes;

  private final ServerHttpResponse response;

  DetachedExchange(ServerWebExchange delegate) {
    super(delegate);
    this.attributes = new ConcurrentHashMap<>(delegate.getAttributes());
    this.response = new DiscardedResponse(delegate.getResponse().bufferFactory());
  }

  @Override
  public Map<String, Object> getAttributes() {
    return attributes;
  }

  @Override
  public ServerHttpResponse getResponse() {
    return response;
  }

  /** A response that no one receives: what a filter writes to it is released at once. */
  private static final class DiscardedResponse extends AbstractServerHttpResponse {

    DiscardedResponse(DataBufferFactory buffers) {
      super(buffers);
    }

    @Override
    @SuppressWarnings("TypeParameterUnusedInFormals") // the signature of ServerHttpResponse
    public <T> T getNativeResponse() {
      throw new IllegalStateException("a shadow copy's response has no server response");
    }

    @Override
    protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
      return Flux.from(body).doOnNext(DataBufferUtils::release).then();
    }

    @Override
    protected Mono<Void> writeAndFlushWithInternal(
        Publisher<? extends Publisher<? extends DataBuffer>> body) {
      return Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release).then();
    }

    @Override
    protected void applyStatusCode() {
      // nothing to send
    }

    @Override
    protected void applyHeaders() {
      // nothing to send
    }

    @Override
    protected void applyCookies() {
      // nothing to send
    }
  }
}
