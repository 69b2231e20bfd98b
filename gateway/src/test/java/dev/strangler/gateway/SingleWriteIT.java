package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * An answer that came whole from its backend leaves the gateway in one write (head and body
 * together); one that comes in pieces is streamed as it comes. Counted at the client connection's
 * socket end of the pipeline: each flush is a write to the socket.
 */
@GatewayIT
class SingleWriteIT {

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: items
          paths: [/items/**]
          modern: ${modern}
          mode: legacy
        - id: mirrored
          paths: [/mirrored/**]
          modern: ${modern}
          mode: shadow
      """;

  static final String ITEM = "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}";

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @Autowired Flushes flushes;

  GatewayClient client;

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    flushes.port = port;
    for (WireMockExtension side : new WireMockExtension[] {legacy, modern}) {
      side.stubFor(
          any(urlPathMatching("/(items|mirrored)/.*"))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withHeader("Content-Length", Integer.toString(ITEM.length()))
                      .withBody(ITEM)));
      side.stubFor(
          any(urlPathMatching("/items/dribbled"))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(ITEM)
                      .withChunkedDribbleDelay(3, 300)));
    }
  }

  @Test
  void smallAnswer_headAndBodyInOneWrite() {
    client.get("/items/warm-up");
    for (int i = 0; i < 5; i++) {
      int before = flushes.count.get();

      HttpResponse<String> response = client.get("/items/" + i);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(ITEM);
      assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(ITEM.length());
      assertThat(flushes.count.get() - before).as("writes to the client's socket").isEqualTo(1);
    }
  }

  @Test
  void shadowedAnswer_stillOneWrite_andCompared() {
    client.get("/mirrored/warm-up");
    int before = flushes.count.get();

    HttpResponse<String> response = client.get("/mirrored/1");

    assertThat(response.body()).isEqualTo(ITEM);
    assertThat(flushes.count.get() - before).isEqualTo(1);
  }

  @Test
  void answerInPieces_streamedAsItComes() {
    client.get("/items/warm-up");
    int before = flushes.count.get();

    HttpResponse<String> response = client.get("/items/dribbled");

    assertThat(response.body()).isEqualTo(ITEM);
    assertThat(flushes.count.get() - before)
        .as("the head, then the pieces as they came")
        .isGreaterThan(2);
  }

  /** Flushes on connections to the gateway's traffic port. */
  static final class Flushes {

    final AtomicInteger count = new AtomicInteger();

    volatile int port;
  }

  @TestConfiguration
  static class Counting {

    @Bean
    Flushes flushes() {
      return new Flushes();
    }

    @Bean
    NettyServerCustomizer countFlushes(Flushes flushes) {
      return server ->
          server.doOnChannelInit(
              (observer, channel, address) -> {
                if (channel.localAddress() instanceof InetSocketAddress local
                    && local.getPort() == flushes.port) {
                  channel
                      .pipeline()
                      .addFirst(
                          "test.flushes",
                          new ChannelOutboundHandlerAdapter() {
                            @Override
                            public void flush(ChannelHandlerContext ctx) {
                              flushes.count.incrementAndGet();
                              ctx.flush();
                            }
                          });
                }
              });
    }
  }
}
