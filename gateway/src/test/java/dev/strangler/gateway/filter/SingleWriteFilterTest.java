package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class SingleWriteFilterTest {

  private final Recorder written = new Recorder();

  private final SingleWriteFilter.SingleWriteResponse response =
      new SingleWriteFilter.SingleWriteResponse(written);

  @Test
  void bodyWholeInItsFirstChunk_writtenAsOneBuffer() {
    response.getHeaders().setContentLength(5);

    response.writeWith(Flux.just(buffer("hello"))).block();

    assertThat(written.publisher).isInstanceOf(Mono.class);
    assertThat(written.body()).isEqualTo("hello");
  }

  @Test
  void bodyInPieces_streamedChunkByChunk() {
    response.getHeaders().setContentLength(10);

    response.writeWith(Flux.just(buffer("hello"), buffer("world"))).block();

    assertThat(written.publisher).isNotInstanceOf(Mono.class);
    assertThat(written.chunks).containsExactly("hello", "world");
  }

  @Test
  void bodyWithoutLength_passedOnAsItIs() {
    Flux<DataBuffer> body = Flux.just(buffer("hello"));

    response.writeWith(body).block();

    assertThat(written.publisher).isSameAs(body);
  }

  @Test
  void oneBufferAlready_passedOnAsItIs() {
    response.getHeaders().setContentLength(5);
    Mono<DataBuffer> body = Mono.just(buffer("hello"));

    response.writeWith(body).block();

    assertThat(written.publisher).isSameAs(body);
  }

  @Test
  void emptyBodyWithLength_completesWithoutAChunk() {
    response.getHeaders().setContentLength(5);

    response.writeWith(Flux.empty()).block();

    assertThat(written.chunks).isEmpty();
  }

  private static DataBuffer buffer(String text) {
    return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The response under the filter's: what it was given to write, and the chunks written. */
  private static final class Recorder extends ServerHttpResponseDecorator {

    @Nullable Publisher<? extends DataBuffer> publisher;

    final List<String> chunks = new ArrayList<>();

    Recorder() {
      super(new MockServerHttpResponse());
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      publisher = body;
      return Flux.from(body)
          .doOnNext(chunk -> chunks.add(chunk.toString(StandardCharsets.UTF_8)))
          .then();
    }

    String body() {
      return String.join("", chunks);
    }
  }
}
