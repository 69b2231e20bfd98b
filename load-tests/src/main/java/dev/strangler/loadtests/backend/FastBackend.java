package dev.strangler.loadtests.backend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A request whose query holds {@code bytes=N} (1 to 16 MiB) gets a JSON document of about N
 * bytes instead, for the cost curves: a list of order items, led by {@code "server": PORT}, so that
 * two ports' answers differ in one value and a shadow comparison parses and walks both whole. Each
 * size is generated once per port.
 */
public final class FastBackend {

  /** The document every request gets: small, like a typical API answer. */
  static final byte[] BODY =
      "{\"id\":42,\"name\":\"fast backend\",\"tags\":[\"a\",\"b\",\"c\"],\"price\":12.5}"
          .getBytes(StandardCharsets.UTF_8);

  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final Map<String, byte[]> SIZED = new ConcurrentHashMap<>();

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
            (request, response) -> {
              byte[] body = bodyFor(port, request.uri());
              return request
                  .receive()
                  .then(wait)
                  .then(
                      response
                          .status(status)
                          .header("Content-Type", "application/json")
                          .header("Content-Length", Integer.toString(body.length))
                          .sendByteArray(Mono.just(body))
                          .then());
            })
        .bindNow();
  }

  /** The small document, or the generated one of the size the query asks for. */
  static byte[] bodyFor(int port, String uri) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return BODY;
    }
    int at = uri.indexOf("bytes=", query);
    if (at < 0 || (uri.charAt(at - 1) != '?' && uri.charAt(at - 1) != '&')) {
      return BODY;
    }
    int end = uri.indexOf('&', at);
    int bytes;
    try {
      bytes = Integer.parseInt(uri.substring(at + "bytes=".length(), end < 0 ? uri.length() : end));
    } catch (NumberFormatException e) {
      return BODY;
    }
    if (bytes < 1 || bytes > MAX_BYTES) {
      return BODY;
    }
    return SIZED.computeIfAbsent(port + ":" + bytes, key -> document(port, bytes));
  }

  /** A JSON list of order items of at least {@code bytes} bytes (one item more at most). */
  static byte[] document(int port, int bytes) {
    StringBuilder json = new StringBuilder(bytes + 256);
    json.append("{\"server\":").append(port).append(",\"items\":[");
    int i = 0;
    while (json.length() + 2 < bytes || i == 0) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":")
          .append(10_000 + i)
          .append(",\"sku\":\"SKU-")
          .append(String.format("%06d", i))
          .append("\",\"name\":\"Item number ")
          .append(i)
          .append("\",\"price\":")
          .append(5 + (i * 37 % 1000) / 100.0)
          .append(",\"available\":")
          .append(i % 7 != 0)
          .append(",\"tags\":[\"")
          .append(i % 2 == 0 ? "sale" : "new")
          .append("\",\"category-")
          .append(i % 5)
          .append("\"]}");
      i++;
    }
    json.append("]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
