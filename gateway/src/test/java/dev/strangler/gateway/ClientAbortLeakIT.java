package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.NettyLeaks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that go away in the middle of an upload or a download, on a route whose bodies are kept
 * for replay and on a mirrored one, 500 times. Runs in a Failsafe execution of its own (see the
 * pom) with {@code -XX:MaxDirectMemorySize=64m} and Netty's paranoid leak detection: no buffer may
 * leak and direct memory must come back to where it was.
 */
@GatewayIT(properties = {"strangler.replay.max-body-bytes=4MB"})
class ClientAbortLeakIT {

  static final int DECLARED = 2 * 1024 * 1024;

  static final int SENT = 1024 * 1024;

  static final int ROUNDS = 500;

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: replay
          paths: [/replay/**]
          modern: ${modern}
          mode: modern
          fallback: {circuit-breaker: {window: 1000, minimum-calls: 1000}}
        - id: shadowed
          paths: [/shadowed/**]
          modern: ${modern}
          mode: shadow
          shadow: {methods: [GET, PUT]}
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @BeforeEach
  void stubBackends() {
    byte[] large = new byte[DECLARED];
    for (WireMockExtension backend : new WireMockExtension[] {legacy, modern}) {
      backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("stored")));
      backend.stubFor(
          any(urlPathMatching(".*/download.*"))
              .willReturn(aResponse().withStatus(200).withBody(large)));
    }
  }

  @Test
  void uploadsAndDownloadsAbortedByTheClient_500Times_noLeak_directMemoryBackToBaseline() {
    NettyLeaks leaks = NettyLeaks.watch();
    String[] routes = {"/replay", "/shadowed"};
    for (int i = 0; i < 20; i++) {
      abortUpload(routes[i % 2] + "/upload-warm-" + i);
      abortDownload(routes[i % 2] + "/download-warm-" + i);
    }
    awaitQuiet();
    long baseline = directMemoryUsed();

    for (int i = 0; i < ROUNDS; i++) {
      String route = routes[(i / 2) % 2];
      if (i % 2 == 0) {
        abortUpload(route + "/upload-" + i);
      } else {
        abortDownload(route + "/download-" + i);
      }
    }

    assertThat(new GatewayClient(port).get("/replay/after").body())
        .as("the gateway still answers")
        .isEqualTo("stored");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              System.gc();
              assertThat(directMemoryUsed())
                  .as("direct memory after %d aborts (baseline %d)", ROUNDS, baseline)
                  .isLessThanOrEqualTo(baseline + 4 * 1024 * 1024);
            });
    assertThat(leaks.collect()).isEmpty();
  }

  /** Declares 2 MiB, sends 1 MiB, then resets the connection. */
  private void abortUpload(String path) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT "
                  + path
                  + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                  + "Content-Length: "
                  + DECLARED
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < SENT; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
      socket.setSoLinger(true, 0);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Asks for 2 MiB, reads 64 KiB of the answer, then resets the connection. */
  private void abortDownload(String path) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      int read = 0;
      while (read < 64 * 1024) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        read += n;
      }
      socket.setSoLinger(true, 0);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void awaitQuiet() {
    await()
        .pollDelay(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(10))
        .until(() -> new GatewayClient(port).get("/replay/quiet").statusCode() == 200);
  }

  private static long directMemoryUsed() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct"))
        .mapToLong(BufferPoolMXBean::getMemoryUsed)
        .sum();
  }
}
