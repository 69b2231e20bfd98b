package dev.strangler.loadtests.backend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The backend of the benchmark and the simulations: a Reactor Netty server that answers every
 * request at once with the same small JSON document, so that what is measured is the proxy in front
 * of it.
 *
 * <p>Arguments: one or more ports, each optionally followed by {@code :STATUS} to answer that
 * status instead of 200 (a failing modern side, e.g. {@code 19003:503}) and then by {@code
 * :DELAY_MS} to answer that many milliseconds late (a slow shadow side, e.g. {@code 19004:200:300};
 * the delay is a timer, no thread waits), and {@code --max-seconds=N} (default 3600), after which
 * the process ends by itself. It listens on 127.0.0.1 only.
 */
public final class FastBackend {

  /** The document every request gets: small, like a typical API answer. */
  static final byte[] BODY =
      "{\"id\":42,\"name\":\"fast backend\",\"tags\":[\"a\",\"b\",\"c\"],\"price\":12.5}"
          .getBytes(StandardCharsets.UTF_8);

  private FastBackend() {}

  /**
   * Starts the servers and waits.
   *
   * @param args ports ({@code PORT}, {@code PORT:STATUS} or {@code PORT:STATUS:DELAY_MS}) and
   *     {@code --max-seconds=N}
   * @throws InterruptedException when interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    long maxSeconds = 3600;
    List<DisposableServer> servers = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--max-seconds=")) {
        maxSeconds = Long.parseLong(arg.substring("--max-seconds=".length()));
        continue;
      }
      String[] parts = arg.split(":", 3);
      int port = Integer.parseInt(parts[0]);
      int status = parts.length >= 2 ? Integer.parseInt(parts[1]) : 200;
      Duration delay = Duration.ofMillis(parts.length == 3 ? Long.parseLong(parts[2]) : 0);
      servers.add(start(port, status, delay));
      System.out.println(
          "fast backend on http://127.0.0.1:"
              + port
              + " answering "
              + status
              + (delay.isZero() ? "" : " after " + delay.toMillis() + " ms"));
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException(
          "ports: none (expected: PORT, PORT:STATUS or PORT:STATUS:DELAY_MS, at least one)");
    }
    Thread.sleep(Duration.ofSeconds(maxSeconds).toMillis());
    servers.forEach(DisposableServer::disposeNow);
  }

  static DisposableServer start(int port, int status, Duration delay) {
    Mono<Void> wait = delay.isZero() ? Mono.empty() : Mono.delay(delay).then();
    return HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .handle(
            (request, response) ->
                request
                    .receive()
                    .then(wait)
                    .then(
                        response
                            .status(status)
                            .header("Content-Type", "application/json")
                            .header("Content-Length", Integer.toString(BODY.length))
                            .sendByteArray(Mono.just(BODY))
                            .then()))
        .bindNow();
  }
}
