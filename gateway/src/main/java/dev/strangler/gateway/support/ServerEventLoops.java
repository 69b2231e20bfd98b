package dev.strangler.gateway.support;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The event loops of the gateway's server, for its HTTP clients: a client that runs on them opens
 * each new connection on the event loop that asks for it (Reactor Netty co-locates client
 * connections with the calling loop), so a backend call can stay on the thread of the request it
 * carries ({@link EventLoopClients}).
 *
 * <p>Spring Boot's server takes its loops from a {@link ReactorResourceFactory}: Reactor Netty's
 * global resources in a running gateway, which clients use by default too, but loops of its own
 * where the factory is told so (as Spring Boot's tests do). The loops are looked up when a client
 * first uses them, after the factory has started; they are the factory's to dispose of, not the
 * clients'.
 */
public final class ServerEventLoops implements LoopResources {

  private final ReactorResourceFactory resources;

  /**
   * @param resources the factory of the server's Reactor Netty resources
   */
  public ServerEventLoops(ReactorResourceFactory resources) {
    this.resources = resources;
  }

  @Override
  public EventLoopGroup onServer(boolean useNative) {
    return loops().onServer(useNative);
  }

  @Override
  public EventLoopGroup onClient(boolean useNative) {
    return loops().onClient(useNative);
  }

  @Override
  public EventLoopGroup onServerSelect(boolean useNative) {
    return loops().onServerSelect(useNative);
  }

  @Override
  public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
    return loops().onChannel(channelType, group);
  }

  @Override
  public <C extends Channel> Class<? extends C> onChannelClass(
      Class<C> channelType, EventLoopGroup group) {
    return loops().onChannelClass(channelType, group);
  }

  @Override
  public boolean daemon() {
    return loops().daemon();
  }

  /** Left to the factory, which owns the loops. */
  @Override
  public void dispose() {}

  /** Left to the factory, which owns the loops. */
  @Override
  public Mono<Void> disposeLater() {
    return Mono.empty();
  }

  private LoopResources loops() {
    return resources.getLoopResources();
  }
}
