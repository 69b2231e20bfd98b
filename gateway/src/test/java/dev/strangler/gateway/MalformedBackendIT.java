package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttpBackend;
import dev.strangler.gateway.support.RawHttpBackend.Request;
import dev.strangler.gateway.support.RawHttpClient;
import dev.strangler.gateway.support.RawHttpClient.Reply;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Backends that answer wrongly: a head too large, a status line that is not one, a body longer or
 * shorter than its {@code Content-Length}. The client gets a {@code 502} problem, or legacy's
 * answer where the fallback rules allow it, and nothing hangs.
 */
@GatewayIT(properties = {"strangler.backend.read-timeout=1s"})
class MalformedBackendIT {

  static final String HUGE_HEADER =
      "HTTP/1.1 200 OK\r\nX-Huge: " + "h".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nok";

  static final RawHttpBackend HUGE = answering(HUGE_HEADER);

  static final RawHttpBackend BAD_STATUS =
      answering("HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok");

  /** Five bytes announced, more sent; then a sound answer to the next request. */
  static final RawHttpBackend LONGER =
      RawHttpBackend.start(
          connection -> {
            Request request;
            boolean first = true;
            while ((request = connection.read()) != null) {
              if (first) {
                connection.write(
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n"
                        + "Content-Length: 8\r\n\r\nsmuggled");
                first = false;
              } else {
                connection.ok("sound " + request.target());
              }
            }
          });

  /** A hundred bytes announced, ten sent, then the connection closed. */
  static final RawHttpBackend SHORTER_CLOSED =
      answering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");

  /** A hundred bytes announced, ten sent, then silence on an open connection. */
  static final RawHttpBackend SHORTER_STALLED =
      RawHttpBackend.start(
          connection -> {
            if (connection.read() != null) {
              connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
              connection.hold();
            }
          });

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - {id: huge, paths: [/huge/**], legacy: %1$s, modern: "${modern}", mode: legacy}
        - {id: huge-modern, paths: [/huge-modern/**], modern: %1$s, mode: modern}
        - {id: bad-status, paths: [/bad-status/**], legacy: %2$s, modern: "${modern}", mode: legacy}
        - {id: bad-status-modern, paths: [/bad-status-modern/**], modern: %2$s, mode: modern}
        - {id: longer, paths: [/longer/**], legacy: %3$s, modern: "${modern}", mode: legacy}
        - {id: shorter, paths: [/shorter/**], legacy: %4$s, modern: "${modern}", mode: legacy}
        - {id: stalled, paths: [/stalled/**], legacy: %5$s, modern: "${modern}", mode: legacy}
      """
          .formatted(
              HUGE.baseUrl(),
              BAD_STATUS.baseUrl(),
              LONGER.baseUrl(),
              SHORTER_CLOSED.baseUrl(),
              SHORTER_STALLED.baseUrl());

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  GatewayClient client;

  @AfterAll
  static void stopBackends() {
    HUGE.close();
    BAD_STATUS.close();
    LONGER.close();
    SHORTER_CLOSED.close();
    SHORTER_STALLED.close();
  }

  @BeforeEach
  void stubBackends() {
    client = new GatewayClient(port);
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void legacy_20kbHeader_clientGets502Problem() {
    assertBadGateway(client.get("/huge/1"), "huge");
  }

  @Test
  void modern_20kbHeader_get_legacyAnswers() {
    HttpResponse<String> response = client.get("/huge-modern/1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("connect");
  }

  @Test
  void modern_20kbHeader_post_isNotReplayed_clientGets502Problem() {
    assertBadGateway(client.send("POST", "/huge-modern/orders", "order-1"), "huge-modern");
    assertThat(
            legacy.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl())))
        .isEmpty();
  }

  @Test
  void legacy_malformedStatusLine_clientGets502Problem() {
    assertBadGateway(client.get("/bad-status/1"), "bad-status");
  }

  @Test
  void modern_malformedStatusLine_get_legacyAnswers() {
    HttpResponse<String> response = client.get("/bad-status-modern/1");

    assertThat(response.body()).isEqualTo("legacy");
    assertThat(response.headers().firstValue("X-Strangler-Fallback")).hasValue("connect");
  }

  @Test
  void bodyLongerThanContentLength_clientGetsTheAnnouncedBytes_andNoSmuggledAnswerAfter() {
    Reply reply =
        RawHttpClient.exchange(
            port,
            "GET /longer/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /longer/2 HTTP/1.1\r\nHost: x\r\n\r\n",
            3000);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).contains("\r\n\r\nhello").doesNotContain("smuggled");
    assertThat(client.get("/longer/3").body()).isNotEqualTo("smuggled");
  }

  @Test
  void bodyShorterThanContentLength_backendCloses_clientConnectionClosed_noHang() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> client.get("/shorter/1"))
        .as("a cut body is never passed on as a complete one")
        .isInstanceOf(UncheckedIOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void bodyShorterThanContentLength_backendStalls_readTimeoutClosesTheClientConnection() {
    Reply reply = RawHttpClient.exchange(port, "GET /stalled/1 HTTP/1.1\r\nHost: x\r\n\r\n", 8000);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.closed())
        .as("closed after strangler.backend.read-timeout (1 s), not left hanging")
        .isTrue();
    assertThat(reply.text()).endsWith("0123456789");
  }

  private static void assertBadGateway(HttpResponse<String> response, String route) {
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"route\":\"" + route + "\"").doesNotContain("Exception");
  }

  private static RawHttpBackend answering(String raw) {
    return RawHttpBackend.start(
        connection -> {
          while (connection.read() != null) {
            connection.write(raw);
          }
        });
  }
}
