package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayIT;
import dev.strangler.gateway.support.RawHttpClient;
import dev.strangler.gateway.support.RawHttpClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests whose framing two HTTP parsers could read differently (request smuggling, RFC 9112 §6.3
 * and §11.2) and oversized heads: each is refused with a 4xx and the connection is closed, and
 * nothing of it, nor of what follows it on the connection, reaches a backend.
 */
@GatewayIT
class RequestSmugglingIT {

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/orders/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [header:X-User-Id]
      """;

  /** A second request that must never reach a backend: it hides in the first one's body. */
  static final String SMUGGLED = "GET /orders/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @BeforeEach
  void stubBackends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    legacy.resetRequests();
    modern.resetRequests();
  }

  @Test
  void sane_request_isAnswered_andConnectionStaysOpen() {
    Reply reply =
        RawHttpClient.exchange(
            port, "GET /orders/sane HTTP/1.1\r\nHost: x\r\nX-User-Id: u\r\n\r\n", 3000);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.closed()).as("keep-alive").isFalse();
    assertThat(backendRequestsSeen())
        .extracting(LoggedRequest::getUrl)
        .containsOnlyOnce("/orders/sane");
  }

  @Test
  void contentLengthAndTransferEncoding_refused_connectionClosed() {
    assertRefused(
        "POST /orders/cl-te HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + SMUGGLED);
  }

  @Test
  void transferEncodingChunkedThenIdentity_refused_connectionClosed() {
    assertRefused(
        "POST /orders/te-identity HTTP/1.1\r\n"
            + "Host: x\r\n"
            + "Transfer-Encoding: chunked, identity\r\n\r\n"
            + "0\r\n\r\n"
            + SMUGGLED);
  }

  @Test
  void whitespaceBeforeColon_refused_connectionClosed() {
    assertRefused(
        "POST /orders/space-colon HTTP/1.1\r\nHost: x\r\nContent-Length : 4\r\n\r\nbody"
            + SMUGGLED);
  }

  @Test
  void twoContentLengths_refused_connectionClosed() {
    assertRefused(
        "POST /orders/two-cl HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\n"
            + "body"
            + SMUGGLED);
  }

  @Test
  void twoEqualContentLengths_refused_connectionClosed() {
    assertRefused(
        "POST /orders/two-equal-cl HTTP/1.1\r\n"
            + "Host: x\r\n"
            + "Content-Length: 4\r\n"
            + "Content-Length: 4\r\n\r\n"
            + "body"
            + SMUGGLED);
  }

  /**
   * The head is sound, so a streamed body may already be on its way when the bad chunk line
   * arrives: the backend may see the request start, but never a complete body, nor what follows.
   */
  @Test
  void bareLineFeedInChunks_refused_connectionClosed_noCompleteBodyReachesABackend() {
    Reply reply =
        RawHttpClient.exchange(
            port,
            "POST /orders/bare-lf HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\nbody\n0\n\n"
                + SMUGGLED,
            5000);

    assertThat(reply.status()).as(reply.text()).isBetween(400, 499);
    assertThat(reply.responses()).isEqualTo(1);
    assertThat(reply.closed()).isTrue();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(backendRequestsSeen())
                    .noneMatch(request -> request.getUrl().equals("/orders/smuggled"))
                    .noneMatch(request -> request.getBodyAsString().equals("body")));
  }

  @Test
  void oversizedHeaders_refusedWith431_connectionClosed() {
    Reply reply =
        RawHttpClient.exchange(
            port,
            "GET /orders/oversized HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\n\r\n",
            5000);

    assertThat(reply.status()).isEqualTo(431);
    assertThat(reply.closed()).isTrue();
    assertThat(backendRequestsSeen())
        .noneMatch(request -> request.getUrl().equals("/orders/oversized"));
  }

  /**
   * @param raw the request, for a path of its own: a refusal in another case may let a head reach a
   *     backend late (see the bare LF case), so each case looks only at its own path
   */
  private void assertRefused(String raw) {
    String path = raw.substring(raw.indexOf(' ') + 1, raw.indexOf(" HTTP/1.1"));
    Reply reply = RawHttpClient.exchange(port, raw, 5000);

    assertThat(reply.status()).as(reply.text()).isBetween(400, 499);
    assertThat(reply.responses()).as("nothing answered after the refusal").isEqualTo(1);
    assertThat(reply.closed()).as("connection closed after the refusal").isTrue();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(backendRequestsSeen())
                    .as("nothing reached a backend")
                    .noneMatch(
                        request ->
                            request.getUrl().equals(path)
                                || request.getUrl().equals("/orders/smuggled")));
  }

  private List<LoggedRequest> backendRequestsSeen() {
    return Stream.concat(legacy.getAllServeEvents().stream(), modern.getAllServeEvents().stream())
        .map(ServeEvent::getRequest)
        .toList();
  }
}
