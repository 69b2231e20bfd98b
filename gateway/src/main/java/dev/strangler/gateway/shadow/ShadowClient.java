package dev.strangler.gateway.shadow;

import dev.strangler.gateway.support.StranglerHeaders;
import dev.strangler.shadow.ResponseSnapshot;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends mirrored requests and reads their answers into {@link ResponseSnapshot}s.
 *
 * <p>It has a connection pool of its own, sized to {@code strangler.shadow.max-concurrent}, so that
 * a slow or dead shadow side can never take connections from the client's traffic. The answer's
 * body is read chunk by chunk into the snapshot, which keeps at most {@code max-compare-bytes} of
 * it.
 */
final class ShadowClient {

  private final HttpClient client;

  private final ConnectionProvider pool;

  /**
   * @param maxConnections connections of the shadow pool
   */
  ShadowClient(int maxConnections) {
    this.pool =
        ConnectionProvider.builder("strangler-shadow")
            .maxConnections(maxConnections)
            .pendingAcquireMaxCount(maxConnections)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    this.client = HttpClient.create(pool).followRedirect(false);
  }

  /**
   * Calls a shadow side.
   *
   * @param method the request method
   * @param copy where the copy goes and its headers; {@code X-Strangler-Shadow: true} is added
   * @param body the request body, empty for none
   * @param timeout the whole call's time limit, body included
   * @param timer where the time limit runs: the client request's event loop
   * @param maxCompareBytes body bytes kept for comparison
   * @return the answer
   */
  Mono<ResponseSnapshot> call(
      String method,
      ShadowMirror.CopyRequest copy,
      byte[] body,
      Duration timeout,
      Scheduler timer,
      int maxCompareBytes) {
    return client
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
