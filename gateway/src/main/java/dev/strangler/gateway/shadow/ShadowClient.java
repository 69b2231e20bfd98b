package dev.strangler.gateway.shadow;

import dev.strangler.gateway.support.EventLoopClients;
import dev.strangler.gateway.support.StranglerHeaders;
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
    return clients
        .of(origin)
        .headers(
            outgoing -> {
              copy.headers().forEach(outgoing::add);
              if (!copy.preserveHost()) {
                outgoing.remove(HttpHeaders.HOST);
              }
              outgoing.set(StranglerHeaders.SHADOW, "true");
            })
        .request(HttpMethod.valueOf(method))
        .uri(copy.url())
        .send(
            (request, outbound) ->
                body.length == 0 ? outbound : outbound.sendByteArray(Mono.just(body)))
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
        .single()
        .timeout(timeout, timer);
  }

  /** Closes the shadow pool. */
  void dispose() {
    pool.dispose();
  }
}
