package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The copy's headers on the request Reactor Netty prepared, with its own defaults on it. */
class ShadowClientHeadersTest {

  private static final URI MODERN = URI.create("http://127.0.0.1:9002/orders/1");

  @Test
  void copysHeadersReplaceReactorNettysDefaults_backendsHostStays_markedAsShadow() {
    HttpHeaders copy = new HttpHeaders();
    copy.add("Host", "shop.example");
    copy.add("User-Agent", "curl/8");
    copy.add("Accept", "application/json");
    copy.add("X-Request-Id", "r-1");
    copy.add("Cookie", "a=1");
    copy.add("Cookie", "b=2");
    DefaultHttpHeaders outgoing = preparedByReactorNetty(false);

    ShadowClient.putHeaders(new ShadowMirror.CopyRequest(MODERN, copy, false), outgoing);

    assertThat(outgoing.getAll("Host")).containsExactly("127.0.0.1:9002");
    assertThat(outgoing.getAll("User-Agent")).containsExactly("curl/8");
    assertThat(outgoing.getAll("Accept")).containsExactly("application/json");
    assertThat(outgoing.getAll("X-Request-Id")).containsExactly("r-1");
    assertThat(outgoing.getAll("Cookie")).containsExactly("a=1", "b=2");
    assertThat(outgoing.getAll("X-Strangler-Shadow")).containsExactly("true");
  }

  @Test
  void preservedHost_replacesTheBackends() {
    HttpHeaders copy = new HttpHeaders();
    copy.add("Host", "orders.internal");
    DefaultHttpHeaders outgoing = preparedByReactorNetty(false);

    ShadowClient.putHeaders(new ShadowMirror.CopyRequest(MODERN, copy, true), outgoing);

    assertThat(outgoing.getAll("Host")).containsExactly("orders.internal");
  }

  @Test
  void copyWithoutUserAgent_keepsReactorNettys() {
    DefaultHttpHeaders outgoing = preparedByReactorNetty(false);

    ShadowClient.putHeaders(
        new ShadowMirror.CopyRequest(MODERN, new HttpHeaders(), false), outgoing);

    assertThat(outgoing.getAll("User-Agent")).containsExactly("ReactorNetty/test");
    assertThat(outgoing.getAll("Accept")).containsExactly("*/*");
  }

  @Test
  void copyWithContentLength_goesWithoutTheChunkedTransferReactorNettyChose() {
    HttpHeaders copy = new HttpHeaders();
    copy.add("Content-Length", "2");
    DefaultHttpHeaders outgoing = preparedByReactorNetty(true);

    ShadowClient.putHeaders(new ShadowMirror.CopyRequest(MODERN, copy, false), outgoing);

    assertThat(outgoing.getAll("Content-Length")).containsExactly("2");
    assertThat(outgoing.contains("Transfer-Encoding")).isFalse();
  }

  @Test
  void copyWithoutContentLength_staysChunked() {
    DefaultHttpHeaders outgoing = preparedByReactorNetty(true);

    ShadowClient.putHeaders(
        new ShadowMirror.CopyRequest(MODERN, new HttpHeaders(), false), outgoing);

    assertThat(outgoing.getAll("Transfer-Encoding")).containsExactly("chunked");
    assertThat(outgoing.contains("Content-Length")).isFalse();
  }

  /**
   * What Reactor Netty puts on a request before its send handler runs: its user agent, the
   * backend's host, any media type, and chunked transfer for a method with a body and no length.
   */
  private static DefaultHttpHeaders preparedByReactorNetty(boolean chunked) {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    headers.set("User-Agent", "ReactorNetty/test");
    headers.set("Host", "127.0.0.1:9002");
    headers.set("Accept", "*/*");
    if (chunked) {
      headers.set("Transfer-Encoding", "chunked");
    }
    return headers;
  }
}
