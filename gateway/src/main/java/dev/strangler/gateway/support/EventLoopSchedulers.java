package dev.strangler.gateway.support;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor schedulers that run timers on the Netty event loop of a request's own connection.
 *
 * <p>A timeout on Reactor's {@code parallel} scheduler puts every request's timer into one locked
 * delay queue served by other threads, and its expiry moves the request onto one of them; on the
 * connection's event loop, arming and cancelling a timer are plain queue operations on the thread
 * that already runs the request. One scheduler per event loop, made on first use and never disposed
 * (disposing it would shut the event loop down).
 */
public final class EventLoopSchedulers {

  private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

  /**
   * The scheduler on the event loop of a request's connection.
   *
   * @param request a request of this server
   * @return a scheduler on its connection's event loop; Reactor's {@code parallel} scheduler when
   *     the request is not served by Reactor Netty
   */
  public Scheduler of(ServerHttpRequest request) {
    EventLoop loop = NativeRequests.eventLoopOf(request);
    if (loop == null) {
      return Schedulers.parallel();
    }
    return schedulers.computeIfAbsent(
        loop, first -> Schedulers.fromExecutorService(first, "strangler-event-loop"));
  }
}
