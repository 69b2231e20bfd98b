package dev.strangler.gateway.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import reactor.netty.http.client.HttpClient;

/**
 * Tells each request's {@link Transmission} what happened on its backend connection.
 *
 * <p>Every backend connection gets a {@link Tap} as the first handler of its pipeline, next to the
 * socket: it counts the requests the connection has carried and marks the current request's
 * transmission when bytes go out or come in. The request's transmission travels in the Reactor
 * context of the call (see {@code BackendCalls}), so the tap needs no lookup by request. A
 * connection whose request carries no transmission (none of Strangler's calls) is left alone. A
 * request on a connection without a tap (an HTTP/2 stream) counts as sent and reused from the
 * moment it is prepared: what cannot be seen is never taken as proof that nothing went out.
 */
final class ConnectionTracking implements HttpClientCustomizer {

  private static final AttributeKey<Tap> TAP = AttributeKey.valueOf("strangler.transmissionTap");

  @Override
  public HttpClient customize(HttpClient client) {
    return client
        .doOnChannelInit(
            (observer, channel, remoteAddress) -> {
              Tap tap = new Tap();
              channel.attr(TAP).set(tap);
              channel.pipeline().addFirst("strangler.transmissionTap", tap);
            })
        .doOnRequest(
            (request, connection) -> {
              Transmission transmission =
                  request.currentContextView().getOrDefault(Transmission.class, null);
              Tap tap = connection.channel().attr(TAP).get();
              if (tap != null) {
                tap.start(transmission);
              } else if (transmission != null) {
                transmission.onUntrackedConnection();
              }
            });
  }

  /** Marks the transmission of the request a connection currently carries. */
  static final class Tap extends ChannelDuplexHandler {

    private int requests;

    private @Nullable Transmission current;

    /** A request is about to be written on this connection. Runs on its event loop. */
    void start(@Nullable Transmission transmission) {
      if (transmission != null) {
        transmission.onConnection(requests > 0);
      }
      current = transmission;
      requests++;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      Transmission transmission = current;
      if (transmission != null && carriesBytes(msg)) {
        transmission.onBytesSent();
      }
      super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      Transmission transmission = current;
      if (transmission != null && carriesBytes(msg)) {
        transmission.onBytesReceived();
      }
      super.channelRead(ctx, msg);
    }

    private static boolean carriesBytes(Object msg) {
      if (msg instanceof ByteBuf buffer) {
        return buffer.isReadable();
      }
      if (msg instanceof ByteBufHolder holder) {
        return holder.content().isReadable();
      }
      return true;
    }
  }
}
