package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.support.TrustedProxies;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** The single-pass header filters of Strangler's calls and the list they take part in. */
class ProxyHeadersTest {

  private final StranglerRequestHeadersFilter requestFilter =
      new StranglerRequestHeadersFilter(TrustedProxies.none());

  private final StranglerResponseHeadersFilter responseFilter =
      new StranglerResponseHeadersFilter();

  @Test
  void request_dropsStranglerHopByHopAndForwardedHeaders_keepsTheRest() {
    MockServerWebExchange exchange =
        exchange(
            MockServerHttpRequest.get("http://gateway.test:8080/a")
                .header("X-Strangler-Force", "modern")
                .header("x-strangler-force-token", "secret")
                .header("Connection", "keep-alive, X-Hop")
                .header("X-Hop", "1")
                .header("Keep-Alive", "timeout=5")
                .header("Proxy-Connection", "keep-alive")
                .header("TE", "trailers")
                .header("Upgrade", "h2c")
                .header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .header("Forwarded", "for=198.51.100.1")
                .header("X-Forwarded-Port", "1234")
                .header("X-Forwarded-Prefix", "/evil")
                .header("Accept", "application/json")
                .header("X-Kept", "a", "b"));

    HttpHeaders sent = HttpHeadersFilter.filterRequest(List.of(requestFilter), exchange);

    assertThat(sent.headerNames())
        .containsExactlyInAnyOrder(
            "Accept",
            "X-Kept",
            "X-Request-Id",
            "X-Forwarded-For",
            "X-Forwarded-Proto",
            "X-Forwarded-Host");
    assertThat(sent.get("X-Kept")).containsExactly("a", "b");
  }

  @Test
  void request_fromATrustedProxy_setsRequestIdAndForwardedHeaders() {
    MockServerWebExchange exchange =
        exchange(
            MockServerHttpRequest.get("http://gateway.test:8080/a")
                .header("X-Request-Id", "req-1")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https"));
    StranglerRequestHeadersFilter behindProxy =
        new StranglerRequestHeadersFilter(TrustedProxies.of(List.of("192.0.2.0/24")));

    HttpHeaders sent = HttpHeadersFilter.filterRequest(List.of(behindProxy), exchange);

    assertThat(sent.getFirst("X-Request-Id")).isEqualTo("req-1");
    assertThat(sent.getFirst("X-Forwarded-For")).isEqualTo("203.0.113.9, 192.0.2.7");
    assertThat(sent.getFirst("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(sent.getFirst("X-Forwarded-Host")).isEqualTo("gateway.test:8080");
  }

  @Test
  void request_withTransferEncoding_dropsContentLength() {
    MockServerWebExchange exchange =
        exchange(
            MockServerHttpRequest.post("http://gateway.test/a")
                .header("Transfer-Encoding", "chunked")
                .header("Content-Length", "12"));

    HttpHeaders sent = HttpHeadersFilter.filterRequest(List.of(requestFilter), exchange);

    assertThat(sent.containsHeader("Content-Length")).isFalse();
    assertThat(sent.containsHeader("Transfer-Encoding")).isFalse();
  }

  @Test
  void request_keepsContentLengthWithoutTransferEncoding_andAddsTrailersForGrpc() {
    MockServerWebExchange exchange =
        exchange(
            MockServerHttpRequest.post("http://gateway.test/a")
                .header("Content-Length", "12")
                .header("Content-Type", "application/grpc+proto"));

    HttpHeaders sent = HttpHeadersFilter.filterRequest(List.of(requestFilter), exchange);

    assertThat(sent.getFirst("Content-Length")).isEqualTo("12");
    assertThat(sent.get("TE")).containsExactly("trailers");
  }

  @Test
  void response_withoutHopByHopHeaders_isReturnedAsItIs() {
    HttpHeaders received = new HttpHeaders();
    received.add("Content-Type", "application/json");
    received.add("Content-Length", "2");

    assertThat(responseFilter.filter(received, exchange(MockServerHttpRequest.get("/"))))
        .isSameAs(received);
  }

  @Test
  void response_dropsHopByHopHeadersAndThoseConnectionNames() {
    HttpHeaders received = new HttpHeaders();
    received.add("Content-Type", "application/json");
    received.add("Connection", "X-Backend-Hop");
    received.add("X-Backend-Hop", "1");
    received.add("Keep-Alive", "timeout=5");
    received.add("Transfer-Encoding", "chunked");

    HttpHeaders sent = responseFilter.filter(received, exchange(MockServerHttpRequest.get("/")));

    assertThat(sent.headerNames()).containsExactly("Content-Type");
  }

  @Test
  void list_leavesOutTheFiltersStranglerReplaces_keepsOthersInOrder() {
    HttpHeadersFilter custom = (headers, exchange) -> headers;
    GRPCResponseHeadersFilter grpcResponse = new GRPCResponseHeadersFilter();

    ProxyHeaderFilters filters =
        ProxyHeaderFilters.of(
            List.of(
                new RemoveXForwardedHeadersFilter(),
                new RemoveForwardedHeadersFilter(),
                custom,
                new TransferEncodingNormalizationHeadersFilter(),
                requestFilter,
                responseFilter,
                new RemoveHopByHopHeadersFilter(),
                new GRPCRequestHeadersFilter(),
                grpcResponse));

    assertThat(filters.list()).containsExactly(custom, requestFilter, responseFilter, grpcResponse);
    assertThat(filters.provider().getIfAvailable()).isSameAs(filters.list());
  }

  @Test
  void list_keepsASubclassOfAReplacedFilter() {
    HttpHeadersFilter subclass = new RemoveHopByHopHeadersFilter() {};

    assertThat(ProxyHeaderFilters.of(List.of(subclass)).list()).containsExactly(subclass);
  }

  private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
    return MockServerWebExchange.from(
        request.remoteAddress(new InetSocketAddress("192.0.2.7", 40000)));
  }
}
