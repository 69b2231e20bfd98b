package dev.strangler.gateway.support;

import io.lettuce.core.ClientOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, started before the
 * tests of a class and killed after them. It keeps nothing on disk, so a {@link #restart()} starts
 * it empty, as a Redis without persistence comes back. Absent: the tests fail, saying how to get
 * it.
 *
 * <p>Register it as a static field: {@code @RegisterExtension static RedisServer redis =
 * RedisServer.newInstance();}.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

  private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "redis-server");

  private int port;

  private @Nullable Process process;

  private @Nullable Path directory;

  private RedisServer() {}

  /**
   * @return a server, started by the extension
   */
  public static RedisServer newInstance() {
    return new RedisServer();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = freePort();
    directory = Files.createTempDirectory("strangler-redis");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /**
   * @return {@code redis://127.0.0.1:PORT}
   */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * @return the port it listens on, the same across restarts
   */
  public int port() {
    return port;
  }

  /**
   * A started Lettuce connection factory on this server, configured as the gateway's (commands
   * rejected while disconnected, a 2 s command timeout). The caller destroys it.
   *
   * @return the factory
   */
  public LettuceConnectionFactory newConnectionFactory() {
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", port()),
            LettuceClientConfiguration.builder()
                .clientOptions(
                    ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .build())
                .commandTimeout(Duration.ofSeconds(2))
                .build());
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  /** Starts the server on its port and waits until it answers. */
  public synchronized void start() {
    if (process != null) {
      return;
    }
    Path dir = directory;
    if (dir == null) {
      throw new IllegalStateException("the extension has not run yet");
    }
    String binary = binary();
    try {
      Process started =
          new ProcessBuilder(
                  binary,
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      process = started;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (!started.isAlive()) {
          throw new IllegalStateException(
              "redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
        }
        try {
          if ("PONG".equals(command("PING"))) {
            return;
          }
        } catch (UncheckedIOException ex) {
          Thread.sleep(20);
        }
      }
      throw new IllegalStateException("redis-server did not answer on port " + port + " in 10 s");
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot start " + binary, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /** Kills the server (SIGKILL), as a crash would; its port then refuses connections. */
  public synchronized void stop() {
    Process running = process;
    if (running == null) {
      return;
    }
    running.destroyForcibly();
    try {
      running.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Kills the server and starts it again, empty. */
  public void restart() {
    stop();
    start();
  }

  /**
   * Sends one command and reads its answer.
   *
   * @param args the command and its arguments
   * @return the answer: a simple or bulk string, an integer as text, null for a nil; an array's
   *     elements joined by new lines
   * @throws UncheckedIOException when the server cannot be reached
   * @throws IllegalStateException when the server answers an error
   */
  public @Nullable String command(String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static @Nullable String read(InputStream in) throws IOException {
    String line = line(in);
    char type = line.charAt(0);
    String rest = line.substring(1);
    return switch (type) {
      case '+', ':' -> rest;
      case '-' -> throw new IllegalStateException("redis: " + rest);
      case '$' -> {
        int length = Integer.parseInt(rest);
        if (length < 0) {
          yield null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        yield new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int count = Integer.parseInt(rest);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          elements.add(String.valueOf(read(in)));
        }
        yield count < 0 ? null : String.join("\n", elements);
      }
      default -> throw new IllegalStateException("redis: unexpected answer " + line);
    };
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("connection closed");
  }

  private static String binary() {
    for (String candidate : BINARIES) {
      if (candidate.startsWith("/") ? Files.isExecutable(Path.of(candidate)) : onPath(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "redis-server is not installed: these tests start a real Redis. Install Debian's"
            + " redis-server package (apt-get install redis-server; scripts/test.sh does it).");
  }

  private static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
