package dev.strangler.gateway.shadow;

import dev.strangler.gateway.support.EventLoopClients;
import dev.strangler.gateway.support.StranglerHeaders;
import dev.strangler.gateway.support.TimeLimits;
import dev.strangler.shadow.ResponseSnapshot;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Sends mirrored requests and reads their answers into {@link ResponseSnapshot}s.
 *
 * <p>It has connection pools of its own, one per event loop, each sized to {@code
 * strangler.shadow.max-concurrent}, so that a slow or dead shadow side can never take connections
 * from the client's traffic. The answer's body is read chunk by chunk into the snapshot, which
 * keeps at most {@code max-compare-bytes} of it.
 */
final class ShadowClient {

  private final EventLoopClients clients;

  private final ConnectionProvider pool;

  /**
   * @param maxConnections connections of the shadow pool, of each event loop's pool when there is
   *     one per loop: the copies in flight are bounded by the mirror's slots ({@code
   *     strangler.shadow.max-concurrent}) over all loops, so dividing this among the loops would
   *     only make a copy wait for a connection while its loop's pool is held by a slow side
   * @param poolPerEventLoop whether each event loop has a pool of its own ({@link
   *     EventLoopClients})
   * @param loops the server's event loops, which the copies run on
   */
  ShadowClient(int maxConnections, boolean poolPerEventLoop, LoopResources loops) {
    this.pool =
        ConnectionProvider.builder("strangler-shadow")
            .maxConnections(maxConnections)
            .pendingAcquireMaxCount(maxConnections)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    this.clients =
        new EventLoopClients(
            HttpClient.create(pool).runOn(loops).followRedirect(false),
            EventLoopClients.pools(0, poolPerEventLoop));
  }

  /**
   * Calls a shadow side.
   *
   * @param method the request method
   * @param copy where the copy goes and its headers; {@code X-Strangler-Shadow: true} is added
   * @param body the request body, empty for none
   * @param timeout the whole call's time limit, body included
   * @param timer where the time limit runs: the client request's event loop
   * @param origin the client's request: the copy takes a connection of its event loop's pool
   * @param maxCompareBytes body bytes kept for comparison
   * @return the answer
   */
  Mono<ResponseSnapshot> call(
      String method,
      ShadowMirror.CopyRequest copy,
      byte[] body,
      Duration timeout,
      Scheduler timer,
      ServerHttpRequest origin,
      int maxCompareBytes) {
    return TimeLimits.within(
        clients
            .of(origin)
            .request(HttpMethod.valueOf(method))
            .uri(copy.url())
            .send(
                (request, outbound) -> {
                  putHeaders(copy, request.requestHeaders());
                  return body.length == 0 ? outbound : outbound.sendByteArray(Mono.just(body));
                })
            .response(
                (response, content) -> {
                  ResponseSnapshot.Builder snapshot =
                      ResponseSnapshot.builder(
                          response.status().code(),
                          ComparableHeaders.of(response.responseHeaders()),
                          maxCompareBytes);
                  return content
                      .asByteBuffer()
                      .doOnNext(snapshot::append)
                      .then(Mono.fromSupplier(snapshot::build));
                })
            .single(),
        timeout,
        timer);
  }

  /**
   * Puts a copy's headers on the request Reactor Netty prepared for it, as they would be had they
   * been the client's configured headers, without configuring a client per copy ({@code
   * HttpClient.headers} duplicates the whole configuration): each replaces Reactor Netty's value of
   * its name ({@code User-Agent}, {@code Accept}); {@code Host} only with {@code preserve-host},
   * else the backend's stays. Reactor Netty chose chunked transfer for a method with a body before
   * the copy's {@code Content-Length} was there: a copy that has one is sent with it alone.
   *
   * @param copy the copy
   * @param outgoing the headers of its request
   */
  static void putHeaders(
      ShadowMirror.CopyRequest copy, io.netty.handler.codec.http.HttpHeaders outgoing) {
    HttpHeaders headers = copy.headers();
    headers.forEach(
        (name, values) -> {
          if (copy.preserveHost() || !HttpHeaders.HOST.equalsIgnoreCase(name)) {
            outgoing.set(name, values);
          }
        });
    if (headers.containsHeader(HttpHeaders.CONTENT_LENGTH)
        && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      outgoing.remove(HttpHeaders.TRANSFER_ENCODING);
    }
    outgoing.set(StranglerHeaders.SHADOW, "true");
  }

  /** Closes the shadow pool. */
  void dispose() {
    pool.dispose();
  }
}
