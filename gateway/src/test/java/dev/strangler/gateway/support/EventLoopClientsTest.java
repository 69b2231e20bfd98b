package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

class EventLoopClientsTest {

  private final HttpClient client = HttpClient.create();

  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void closeChannels() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  @Test
  void requestsOfOneEventLoop_takeOneClient() {
    EventLoopClients clients = new EventLoopClients(client, 2);
    EmbeddedChannel channel = channel();

    assertThat(clients.of(requestOn(channel))).isSameAs(clients.of(requestOn(channel)));
  }

  @Test
  void eachEventLoop_itsOwnPool_keyedApart_untilThePoolsRunOut() {
    EventLoopClients clients = new EventLoopClients(client, 2);
    HttpClient first = clients.of(requestOn(channel()));
    HttpClient second = clients.of(requestOn(channel()));
    HttpClient third = clients.of(requestOn(channel()));

    assertThat(second).isNotSameAs(first);
    assertThat(second.configuration().channelHash())
        .as("Reactor Netty keeps one pool per channel hash and address")
        .isNotEqualTo(first.configuration().channelHash());
    assertThat(third).as("a third loop shares the first pool").isSameAs(first);
  }

  @Test
  void decoratedRequest_theLoopOfTheConnectionUnderIt() {
    EventLoopClients clients = new EventLoopClients(client, 2);
    EmbeddedChannel channel = channel();
    HttpClient direct = clients.of(requestOn(channel));
    clients.of(requestOn(channel()));

    assertThat(clients.of(new ServerHttpRequestDecorator(requestOn(channel)))).isSameAs(direct);
  }

  @Test
  void requestNotServedByReactorNetty_firstPool() {
    EventLoopClients clients = new EventLoopClients(client, 3);
    HttpClient mocked = clients.of(MockServerHttpRequest.get("/x").build());

    assertThat(clients.of(requestOn(channel()))).as("the first loop's pool").isSameAs(mocked);
  }

  @Test
  void onePool_theClientAsItIs() {
    EventLoopClients clients = new EventLoopClients(client, 1);

    assertThat(clients.of(requestOn(channel()))).isSameAs(client);
    assertThat(clients.of(requestOn(channel()))).isSameAs(client);
    assertThat(clients.size()).isOne();
  }

  @Test
  void noPool_refused() {
    assertThatThrownBy(() -> new EventLoopClients(client, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pools: 0");
  }

  @Test
  void pools_oneEventLoopEach_fewerWhenFewerConnections_oneWhenOff() {
    int loops = LoopResources.DEFAULT_IO_WORKER_COUNT;

    assertThat(EventLoopClients.pools(500, true)).isEqualTo(loops);
    assertThat(EventLoopClients.pools(0, true)).as("no bound: elastic pools").isEqualTo(loops);
    assertThat(EventLoopClients.pools(1, true)).isOne();
    assertThat(EventLoopClients.pools(loops - 1, true)).isEqualTo(Math.max(1, loops - 1));
    assertThat(EventLoopClients.pools(500, false)).isOne();
  }

  @Test
  void share_roundedDown_neverAboveTheBoundAltogether() {
    assertThat(EventLoopClients.share(500, 4)).isEqualTo(125);
    assertThat(EventLoopClients.share(10, 4)).isEqualTo(2);
    assertThat(EventLoopClients.share(0, 4)).isZero();
    for (int bound = 1; bound <= 64; bound++) {
      int pools = EventLoopClients.pools(bound, true);
      assertThat(EventLoopClients.share(bound, pools)).isPositive();
      assertThat(EventLoopClients.share(bound, pools) * pools).isLessThanOrEqualTo(bound);
    }
  }

  /** A channel with an event loop of its own. */
  private EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channels.add(channel);
    return channel;
  }

  private static ServerHttpRequest requestOn(EmbeddedChannel channel) {
    return new ConnectionRequest(Connection.from(channel));
  }

  /** A request whose server object is a Reactor Netty connection, as on the running gateway. */
  private static final class ConnectionRequest extends AbstractServerHttpRequest {

    private final Connection connection;

    ConnectionRequest(Connection connection) {
      super(HttpMethod.GET, URI.create("http://gateway/x"), null, new HttpHeaders());
      this.connection = connection;
    }

    @Override
    protected MultiValueMap<String, HttpCookie> initCookies() {
      return new LinkedMultiValueMap<>();
    }

    @Override
    protected @Nullable SslInfo initSslInfo() {
      return null;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return Flux.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getNativeRequest() {
      return (T) connection;
    }
  }
}
