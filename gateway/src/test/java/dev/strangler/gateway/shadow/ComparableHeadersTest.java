package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;

class ComparableHeadersTest {

  private static DefaultHttpHeaders answer() {
    DefaultHttpHeaders netty = new DefaultHttpHeaders();
    netty.add("Content-Type", "application/json");
    netty.add("Set-Cookie", "a=1");
    netty.add("Content-Length", "12");
    netty.add("Transfer-Encoding", "chunked");
    netty.add("X-Strangler-Target", "legacy");
    netty.add("X-Request-Id", "r-1");
    netty.add("Vary", "Accept");
    netty.add("set-cookie", "b=2");
    netty.add("Connection", "keep-alive");
    return netty;
  }

  @Test
  void nettyHeaders_giveWhatSpringsViewOfThemGives() {
    DefaultHttpHeaders netty = answer();
    HttpHeaders spring = new HttpHeaders(new Netty4HeadersAdapter(netty));

    assertThat(ComparableHeaders.of(netty)).isEqualTo(ComparableHeaders.of(spring::forEach));
  }

  @Test
  void namesInLowerCase_valuesOfOneNameTogether_transportAndStranglerHeadersLeftOut() {
    Map<String, List<String>> headers = ComparableHeaders.of(answer());

    assertThat(headers)
        .containsExactly(
            Map.entry("content-type", List.of("application/json")),
            Map.entry("set-cookie", List.of("a=1", "b=2")),
            Map.entry("vary", List.of("Accept")));
  }
}
