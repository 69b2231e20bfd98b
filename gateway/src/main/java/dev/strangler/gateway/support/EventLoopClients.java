package dev.strangler.gateway.support;

import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * An HTTP client with one connection pool per event loop of the server, so that the backend call of
 * a request runs on the thread that already runs the request.
 *
 * <p>Reactor Netty keeps one pool per backend address and hands out whichever idle connection comes
 * next, served by any of the event loops. A request read on one loop and proxied over a connection
 * of another then crosses threads twice: its call is handed to the connection's loop (a wake-up
 * through the loop's event file), and the backend's answer is handed back to the client
 * connection's loop. Here every event loop draws from a pool of its own, whose connections Reactor
 * Netty opens on the loop that asks for them (it co-locates new connections), so the request, its
 * call and the answer stay on one thread: no wake-ups, no hand-offs, warm caches. Envoy's workers
 * keep their connection pools the same way.
 *
 * <p>The pools are told apart by a channel attribute, which Reactor Netty counts in a pool's key;
 * each pool has {@link #share} of the configured bounds. There are {@link #pools} of them, at most
 * one per event loop: with fewer connections allowed than event loops, loops share pools.
 */
public final class EventLoopClients {

  private static final AttributeKey<Integer> POOL = AttributeKey.valueOf("strangler.eventLoopPool");

  private final HttpClient[] clients;

  private final Map<EventLoop, HttpClient> byLoop = new ConcurrentHashMap<>();

  private final AtomicInteger assigned = new AtomicInteger();

  /**
   * @param client the client whose pool is divided
   * @param pools the number of pools, from {@link #pools}
   */
  public EventLoopClients(HttpClient client, int pools) {
    if (pools < 1) {
      throw new IllegalArgumentException("pools: " + pools + " (expected: 1 or more)");
    }
    clients = new HttpClient[pools];
    for (int pool = 0; pool < pools; pool++) {
      clients[pool] = pools == 1 ? client : client.attr(POOL, pool);
    }
  }

  /**
   * How many pools a bound of connections is divided into: one per event loop of Reactor Netty's
   * default loop resources (which the server and the backend calls share), fewer when fewer
   * connections are allowed, one when the division is off.
   *
   * @param maxConnections the bound on connections to one backend; 0 or less for none
   * @param perEventLoop whether each event loop has its own pool
   * @return the number of pools, 1 or more
   */
  public static int pools(int maxConnections, boolean perEventLoop) {
    if (!perEventLoop) {
      return 1;
    }
    int loops = Math.max(1, LoopResources.DEFAULT_IO_WORKER_COUNT);
    return maxConnections > 0 ? Math.max(1, Math.min(loops, maxConnections)) : loops;
  }

  /**
   * One pool's part of a bound divided into {@code pools}: rounded down, so that all pools together
   * never exceed it.
   *
   * @param bound the bound for one backend, over all pools
   * @param pools the number of pools
   * @return the bound of each pool
   */
  public static int share(int bound, int pools) {
    return bound / pools;
  }

  /**
   * The client for the calls of a request: its pool is the one of the event loop that serves the
   * request's connection. Loops are given pools in the order they first ask, round the pools.
   *
   * @param request the client's request, decorated or not
   * @return the client; the first pool's when the request is not served by Reactor Netty
   */
  public HttpClient of(ServerHttpRequest request) {
    EventLoop loop = clients.length == 1 ? null : NativeRequests.eventLoopOf(request);
    if (loop == null) {
      return clients[0];
    }
    HttpClient client = byLoop.get(loop);
    if (client != null) {
      return client;
    }
    return byLoop.computeIfAbsent(
        loop, first -> clients[Math.floorMod(assigned.getAndIncrement(), clients.length)]);
  }

  /**
   * The number of pools.
   *
   * @return the number of pools, 1 or more
   */
  public int size() {
    return clients.length;
  }
}
