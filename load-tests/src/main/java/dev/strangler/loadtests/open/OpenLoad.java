package dev.strangler.loadtests.open;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
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
 * thread, which also sends, and ends by itself.
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

  private OpenLoad(Settings settings) {
    this.settings = settings;
  }

  /**
   * Runs one measurement and prints its result line; with the single argument {@code --serve}, runs
   * one measurement per line of standard input (the same settings, separated by spaces) until its
   * end, in this one JVM.
   *
   * @param args {@code --name=value} settings, see the class comment, or {@code --serve}
   * @throws InterruptedException when interrupted while waiting for the last answers
   * @throws IOException when standard input cannot be read
   */
  public static void main(String[] args) throws InterruptedException, IOException {
    if (args.length == 1 && args[0].equals("--serve")) {
      serve(
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    } else {
      System.out.println(new OpenLoad(Settings.parse(args)).run());
    }
  }

  /**
   * One measurement per line read, each answered by its result line, or by {@code ERROR reason} for
   * settings it refuses. Why: a generator started anew for each measurement compiles its code
   * (several CPU seconds of the JIT compiler) while it measures, taking CPU from what it measures
   * on a small machine; a generator that stays up has compiled it after its first runs.
   */
  static void serve(BufferedReader commands, PrintStream results)
      throws InterruptedException, IOException {
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      Settings settings;
      try {
        settings = Settings.parse(line.trim().split("\\s+"));
      } catch (IllegalArgumentException e) {
        results.println("ERROR " + e.getMessage());
        results.flush();
        continue;
      }
      results.println(new OpenLoad(settings).run());
      results.flush();
    }
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
      Schedule schedule = new Schedule(settings, System.nanoTime() + MILLISECONDS.toNanos(50));
      Sender sender = new Sender(client, schedule, loop.next());
      sender.start();
      sender.awaitLastSent();
      awaitInFlight();
      double seconds = schedule.measuredNanos() / 1e9;
      return String.format(
          Locale.ROOT,
          "RESULT %.0f %d %d %d %d %d %d %d %d %d %d %d %d %d",
          settings.rate(),
          sender.sent,
          completed.get(),
          Math.round(seconds * 1e6),
          latencies.getValueAtPercentile(50),
          latencies.getValueAtPercentile(90),
          latencies.getValueAtPercentile(99),
          latencies.getValueAtPercentile(99.9),
          latencies.getMaxValue(),
          non2xx.get(),
          errors.get(),
          sender.dropped,
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

  /** When each request is due: request {@code i} at {@code start + i * period}. */
  record Schedule(long start, long periodNanos, long measureFrom, long end) {

    Schedule(Settings settings, long start) {
      this(
          start,
          Math.round(1e9 / settings.rate()),
          start + SECONDS.toNanos(settings.warmupSeconds()),
          start + SECONDS.toNanos(settings.warmupSeconds() + settings.seconds()));
    }

    long dueAt(long i) {
      return start + i * periodNanos;
    }

    boolean isMeasured(long intended) {
      return intended >= measureFrom;
    }

    long measuredNanos() {
      return end - measureFrom;
    }
  }

  /**
   * Sends every request from the client's event loop, woken by its timer when the next one is due:
   * no second thread, so no hand-over (and no wake-up of the loop) per request, and the generator
   * takes as little of the machine's CPUs as it can from what it measures. A request sent late (the
   * loop was busy) still counts from when it was due.
   */
  private final class Sender {

    private final HttpClient client;

    private final Schedule schedule;

    private final EventLoop loop;

    private final CountDownLatch lastSent = new CountDownLatch(1);

    private long next;

    /** Written by the loop only; read after {@link #awaitLastSent()}. */
    private long sent;

    private long dropped;

    private @Nullable RuntimeException failure;

    Sender(HttpClient client, Schedule schedule, EventLoop loop) {
      this.client = client;
      this.schedule = schedule;
      this.loop = loop;
    }

    void start() {
      loop.execute(this::sendDue);
    }

    /** Waits until the last request was sent; rethrows what stopped the sending early. */
    void awaitLastSent() throws InterruptedException {
      lastSent.await();
      if (failure != null) {
        throw new IllegalStateException("sending stopped at request " + next, failure);
      }
    }

    /**
     * Sends what is due by now, then sleeps until the next one is. A failure here ends the sending
     * (and the run, see {@link #awaitLastSent()}); the scheduled future is not needed for that.
     */
    @SuppressWarnings("FutureReturnValueIgnored")
    private void sendDue() {
      try {
        long now = System.nanoTime();
        long intended = schedule.dueAt(next);
        while (intended <= now && intended < schedule.end()) {
          sendOrDrop(next, intended, now);
          next++;
          intended = schedule.dueAt(next);
        }
        if (intended >= schedule.end()) {
          lastSent.countDown();
          return;
        }
        loop.schedule(this::sendDue, intended - System.nanoTime(), NANOSECONDS);
      } catch (RuntimeException e) {
        failure = e;
        lastSent.countDown();
      }
    }

    private void sendOrDrop(long i, long intended, long now) {
      boolean measured = schedule.isMeasured(intended);
      if (inFlight.get() >= settings.maxInFlight()) {
        if (measured) {
          dropped++;
        }
        return;
      }
      if (measured) {
        sent++;
        lags.recordValue(Math.min(HIGHEST_MICROS, (now - intended) / 1_000));
      }
      send(client, i, intended, measured);
    }
  }

  private void send(HttpClient client, long i, long intended, boolean measured) {
    String user = Integer.toString((int) (i % settings.users()));
    String path = settings.paths().get((int) (i % settings.paths().size()));
    inFlight.incrementAndGet();
    client
        .request(HttpMethod.GET)
        .uri(path.replace("{user}", user))
        .send(
            (request, outbound) -> {
              request.requestHeaders().set("X-User-Id", "user-" + user);
              return outbound;
            })
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
