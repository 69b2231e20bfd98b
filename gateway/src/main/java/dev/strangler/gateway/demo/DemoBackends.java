package dev.strangler.gateway.demo;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Two small services started in the gateway's own process by the {@code demo} profile: a legacy one
 * and its modern rewrite, which differ the way real rewrites do (a field changes type, a field is
 * added, one endpoint is broken), so that canary routing, shadow diffs and fallback can all be seen
 * at once.
 */
final class DemoBackends implements SmartLifecycle {

  private static final Log log = LogFactory.getLog(DemoBackends.class);

  private final int legacyPort;

  private final int modernPort;

  private final Clock clock;

  private final List<DisposableServer> servers = new CopyOnWriteArrayList<>();

  DemoBackends(int legacyPort, int modernPort, Clock clock) {
    this.legacyPort = legacyPort;
    this.modernPort = modernPort;
    this.clock = clock;
  }

  @Override
  public void start() {
    servers.add(server(legacyPort, false));
    servers.add(server(modernPort, true));
    log.info(
        "Demo legacy service on http://127.0.0.1:"
            + legacyPort
            + ", modern on http://127.0.0.1:"
            + modernPort);
  }

  private DisposableServer server(int port, boolean modern) {
    String side = modern ? "modern" : "legacy";
    return HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .route(
            routes ->
                routes
                    .get(
                        "/api/orders/{id}",
                        (request, response) ->
                            json(response, side, order(request.param("id"), modern)))
                    .get(
                        "/api/catalog/**",
                        (request, response) -> json(response, side, catalog(request, modern)))
                    .route(
                        request -> request.uri().startsWith("/api/payments"),
                        (request, response) ->
                            modern
                                ? response
                                    .status(503)
                                    .header("X-Served-By", side)
                                    .sendString(Mono.just("modern is down"))
                                    .then()
                                : json(
                                    response, side, "{\"payment\":\"accepted\",\"by\":\"legacy\"}"))
                    .route(
                        request -> true,
                        (request, response) ->
                            json(
                                response,
                                side,
                                "{\"message\":\"answered by "
                                    + side
                                    + "\",\"path\":\""
                                    + escape(request.path())
                                    + "\"}")))
        .bindNow();
  }

  private String order(@org.jspecify.annotations.Nullable String id, boolean modern) {
    String orderId = escape(String.valueOf(id));
    String total = modern && orderId.hashCode() % 2 == 0 ? "\"42.50\"" : "42.5";
    return "{\"id\":\""
        + orderId
        + "\",\"status\":\"shipped\",\"total\":"
        + total
        + ",\"customer\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"
        + (modern ? ",\"currency\":\"EUR\"" : "")
        + ",\"generatedAt\":\""
        + clock.instant()
        + "\"}";
  }

  private static String catalog(HttpServerRequest request, boolean modern) {
    return "{\"items\":[{\"sku\":\"a-1\",\"price\":10}],\"path\":\""
        + escape(request.path())
        + "\",\"engine\":\""
        + (modern ? "modern" : "legacy")
        + "\"}";
  }

  private static Mono<Void> json(HttpServerResponse response, String side, String body) {
    return response
        .header("Content-Type", "application/json")
        .header("X-Served-By", side)
        .sendString(Mono.just(body))
        .then();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public void stop() {
    servers.forEach(DisposableServer::disposeNow);
    servers.clear();
  }

  @Override
  public boolean isRunning() {
    return !servers.isEmpty();
  }

  @Override
  public int getPhase() {
    // before the web server starts taking requests
    return Integer.MIN_VALUE + 1000;
  }
}
