package dev.strangler.loadtests.open;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * An open-model load generator: sends requests at a fixed rate, whatever the target answers, and
 * measures each request's latency from the moment the schedule meant to send it (as wrk2 does).
 *
 * <p>Why: a closed loop (wrk, each connection waiting for its answer before the next request) sends
 * less while the target stalls, so the requests that would have waited behind a stall are never
 * sent and never measured (coordinated omission). Here request {@code i} is due at {@code start + i
 * / rate}; it is sent then on any free connection (a new one when all are busy), and if the
 * generator itself falls behind, the time it lost counts against the request. Latencies are kept in
 * microseconds in an HdrHistogram (3 significant digits). Errors and timeouts (10 s) count with the
 * time they took.
 *
 * <p>Arguments ({@code --name=value}): {@code base} (e.g. {@code http://127.0.0.1:19200}), {@code
 * path} (repeatable, used in turn; {@code {user}} is replaced by the user's number), {@code rate}
 * requests per second, {@code seconds} measured, {@code warmup} seconds sent first and not measured
 * (default 5), {@code users} (10000: {@code X-User-Id: user-N}), {@code headers} extra request
 * headers of 24-byte values (default 0), {@code connections} at most (default 256), {@code
 * max-in-flight} (default 20000: beyond it requests are counted as dropped and not sent, the rate
 * is not held). Prints one line to standard output:
 *
 * <pre>
 * RESULT rate sent completed duration_us p50 p90 p99 p999 max non_2xx errors dropped lag_p99 total
 * </pre>
 *
 * <p>with latencies in microseconds, {@code completed} the measured answers, {@code lag_p99} how
 * late the generator sent (its own p99 delay after the intended time, to see it kept up) and {@code
 * total} every answer including the warm-up's (for CPU per request). It runs on one event loop
 * thread and one sending thread, and ends by itself.
 */
public final class OpenLoad {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

  private final Settings settings;

  private final Histogram latencies = new ConcurrentHistogram(HIGHEST_MICROS, 3);

  private final Histogram lags = new ConcurrentHistogram(HIGHEST_MICROS, 3);

  private final AtomicLong inFlight = new AtomicLong();

  private final AtomicLong completed = new AtomicLong();

  private final AtomicLong total = new AtomicLong();

  private final AtomicLong non2xx = new AtomicLong();

  private final AtomicLong errors = new AtomicLong();

  private long sent;

  private long dropped;

  private OpenLoad(Settings settings) {
    this.settings = settings;
  }

  /**
   * Runs one measurement and prints its result line.
   *
   * @param args {@code --name=value} settings, see the class comment
   * @throws InterruptedException when interrupted while waiting for the last answers
   */
  public static void main(String[] args) throws InterruptedException {
    Settings settings = Settings.parse(args);
    OpenLoad load = new OpenLoad(settings);
    System.out.println(load.run());
  }

  private String run() throws InterruptedException {
    // epoll, as wrk and the gateway use (Reactor Netty would pick io_uring when it is on the class
    // path, as Gatling's dependencies put it there)
    EventLoopGroup loop =
        new MultiThreadIoEventLoopGroup(
            1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    ConnectionProvider pool =
        ConnectionProvider.builder("open-load")
            .maxConnections(settings.connections())
            .pendingAcquireMaxCount(-1)
            .pendingAcquireTimeout(RESPONSE_TIMEOUT)
            .build();
    HttpClient client =
        HttpClient.create(pool)
            .runOn(loop)
            .baseUrl(settings.base())
            .responseTimeout(RESPONSE_TIMEOUT)
            .headers(this::extraHeaders);
    try {
      long periodNanos = Math.round(1e9 / settings.rate());
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      long measureFrom = start + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
      long end = measureFrom + TimeUnit.SECONDS.toNanos(settings.seconds());
      long measureTo = end;
      for (long i = 0; ; i++) {
        long intended = start + i * periodNanos;
        if (intended >= end) {
          break;
        }
        long now;
        while ((now = System.nanoTime()) < intended) {
          LockSupport.parkNanos(intended - now);
        }
        boolean measured = intended >= measureFrom;
        if (inFlight.get() >= settings.maxInFlight()) {
          if (measured) {
            dropped++;
          }
          continue;
        }
        if (measured) {
          sent++;
          lags.recordValue(Math.min(HIGHEST_MICROS, (now - intended) / 1_000));
        }
        send(client, i, intended, measured);
      }
      awaitInFlight();
      double seconds = (measureTo - measureFrom) / 1e9;
      return String.format(
          Locale.ROOT,
          "RESULT %.0f %d %d %d %d %d %d %d %d %d %d %d %d %d",
          settings.rate(),
          sent,
          completed.get(),
          Math.round(seconds * 1e6),
          latencies.getValueAtPercentile(50),
          latencies.getValueAtPercentile(90),
          latencies.getValueAtPercentile(99),
          latencies.getValueAtPercentile(99.9),
          latencies.getMaxValue(),
          non2xx.get(),
          errors.get(),
          dropped,
          lags.getValueAtPercentile(99),
          total.get());
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(5));
      loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private void extraHeaders(HttpHeaders headers) {
    for (int h = 0; h < settings.headers(); h++) {
      headers.add("X-Bench-Header-" + h, "value-of-twenty-four-by");
    }
  }

  private void send(HttpClient client, long i, long intended, boolean measured) {
    int user = (int) (i % settings.users());
    String path = settings.paths().get((int) (i % settings.paths().size()));
    inFlight.incrementAndGet();
    client
        .headers(h -> h.set("X-User-Id", "user-" + user))
        .get()
        .uri(path.replace("{user}", Integer.toString(user)))
        .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
        .subscribe(
            status -> finish(intended, measured, status < 200 || status > 399, false),
            error -> finish(intended, measured, false, true));
  }

  private void finish(long intended, boolean measured, boolean failedStatus, boolean error) {
    long micros = (System.nanoTime() - intended) / 1_000;
    total.incrementAndGet();
    if (measured) {
      completed.incrementAndGet();
      latencies.recordValue(Math.min(HIGHEST_MICROS, micros));
      if (failedStatus) {
        non2xx.incrementAndGet();
      }
      if (error) {
        errors.incrementAndGet();
      }
    }
    inFlight.decrementAndGet();
  }

  private void awaitInFlight() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    long deadline = System.nanoTime() + RESPONSE_TIMEOUT.plusSeconds(5).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      never.await(10, TimeUnit.MILLISECONDS);
    }
  }

  /** The settings of one run, from {@code --name=value} arguments. */
  record Settings(
      String base,
      List<String> paths,
      double rate,
      int seconds,
      int warmupSeconds,
      int users,
      int headers,
      int connections,
      long maxInFlight) {

    Settings {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("path: none (expected: at least one --path=/...)");
      }
      paths = List.copyOf(paths);
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate: " + rate + " (expected: more than 0)");
      }
      if (seconds < 1 || warmupSeconds < 0 || users < 1 || headers < 0 || connections < 1) {
        throw new IllegalArgumentException(
            "seconds "
                + seconds
                + ", warmup "
                + warmupSeconds
                + ", users "
                + users
                + ", headers "
                + headers
                + ", connections "
                + connections
                + " (expected: seconds, users and connections at least 1, the others at least 0)");
      }
    }

    static Settings parse(String... args) {
      String base = "http://127.0.0.1:19200";
      List<String> paths = new ArrayList<>();
      double rate = 1000;
      int seconds = 30;
      int warmup = 5;
      int users = 10_000;
      int headers = 0;
      int connections = 256;
      long maxInFlight = 20_000;
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (!arg.startsWith("--") || eq < 0) {
          throw new IllegalArgumentException(arg + " (expected: --name=value)");
        }
        String name = arg.substring(2, eq);
        String value = arg.substring(eq + 1);
        switch (name) {
          case "base" -> base = value;
          case "path" -> paths.add(value);
          case "rate" -> rate = Double.parseDouble(value);
          case "seconds" -> seconds = Integer.parseInt(value);
          case "warmup" -> warmup = Integer.parseInt(value);
          case "users" -> users = Integer.parseInt(value);
          case "headers" -> headers = Integer.parseInt(value);
          case "connections" -> connections = Integer.parseInt(value);
          case "max-in-flight" -> maxInFlight = Long.parseLong(value);
          default ->
              throw new IllegalArgumentException(
                  "--"
                      + name
                      + " (expected: base, path, rate, seconds, warmup, users, headers,"
                      + " connections, max-in-flight)");
        }
      }
      return new Settings(
          base, paths, rate, seconds, warmup, users, headers, connections, maxInFlight);
    }
  }
}
