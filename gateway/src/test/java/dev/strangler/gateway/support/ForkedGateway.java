package dev.strangler.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's executable jar ({@code target/strangler-gateway.jar}, built by {@code mvn package}
 * before the integration tests run) started as a JVM of its own, for what only a process shows: a
 * signal (SIGTERM, SIGKILL) and a refused start.
 */
public final class ForkedGateway implements AutoCloseable {

  private static final Path JAR = Path.of("target", "strangler-gateway.jar");

  private final Process process;

  private final Path log;

  private final int port;

  private final int managementPort;

  private ForkedGateway(Process process, Path log, int port, int managementPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.managementPort = managementPort;
  }

  /**
   * Starts the jar on free ports.
   *
   * @param args Spring Boot arguments
   * @return the process, not yet ready
   */
  public static ForkedGateway start(List<String> args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath()
              + " is missing: run the integration tests through mvn verify, which builds it first");
    }
    int port = freePort();
    int managementPort = freePort();
    try {
      Path dir = Files.createTempDirectory("strangler-forked");
      Path log = dir.resolve("gateway.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-jar");
      command.add(JAR.toAbsolutePath().toString());
      command.add("--server.port=" + port);
      command.add("--management.server.port=" + managementPort);
      command.add("--strangler.state.file=" + dir.resolve("state.json"));
      command.addAll(args);
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ForkedGateway(process, log, port, managementPort);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Waits until its readiness probe answers UP.
   *
   * @param timeout the longest wait
   * @return this
   * @throws IllegalStateException when it exits or is not ready in time, with its log
   */
  public ForkedGateway awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    GatewayClient management = management();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway exited at start:\n" + log());
      }
      try {
        if (management.get("/actuator/health/readiness").statusCode() == 200) {
          return this;
        }
      } catch (UncheckedIOException ex) {
        // not listening yet
      }
      sleep(100);
    }
    throw new IllegalStateException("the gateway was not ready in " + timeout + ":\n" + log());
  }

  /**
   * @return a client of its traffic port
   */
  public GatewayClient client() {
    return new GatewayClient(port);
  }

  /**
   * @return a client of its management port, without a token
   */
  public GatewayClient management() {
    return new GatewayClient(managementPort);
  }

  /**
   * @param token an admin token
   * @return a client of its admin API
   */
  public AdminClient admin(String token) {
    return new AdminClient(managementPort, token);
  }

  /** Asks it to stop, as Kubernetes does: SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** Kills it at once, as a crash would: SIGKILL. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /**
   * Waits for it to exit.
   *
   * @param timeout the longest wait
   * @return its exit code
   * @throws IllegalStateException when it still runs after the timeout
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the gateway still runs after " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /**
   * @return whether it still runs
   */
  public boolean alive() {
    return process.isAlive();
  }

  /**
   * @return what it logged so far
   */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      return "(no log: " + ex + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
