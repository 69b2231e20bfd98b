package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.RulesFiles;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tracing on, exporting over OTLP/HTTP to a real collector on loopback: a WireMock server that
 * takes {@code POST /v1/traces} as a collector does; the test decodes what it received with the
 * OTLP protobuf classes ({@link ExportTraceServiceRequest}) and checks the spans, their attributes,
 * parents and links, against the {@code traceparent} each backend received.
 */
// closed after the class, not with every cached context when the fork ends (Failsafe waits 30 s)
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "management.tracing.sampling.probability=1.0",
      "management.opentelemetry.tracing.export.schedule-delay=100ms"
    })
class TracingIT {

  static final HexFormat HEX = HexFormat.of();

  /** A client's trace: trace id and span id of the span that called the gateway. */
  static final String CLIENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";

  @RegisterExtension
  static WireMockExtension legacy =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension modern =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension collector =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: orders
          paths: [/orders/**]
          modern: ${modern}
          mode: modern
        - id: catalog
          paths: [/catalog/**]
          modern: ${modern}
          mode: shadow
        - id: shaped
          paths: [/shaped/**]
          modern: ${modern}
          mode: modern
          modern-filters: ["PrefixPath=/v2"]
        - id: reshaped
          paths: [/reshaped/**]
          modern: ${modern}
          mode: modern
          modern-filters: ["PrefixPath=/v2"]
          legacy-filters: ["PrefixPath=/old", "SetRequestHeader=X-Shaped, legacy"]
        - id: mirrored
          paths: [/mirrored/**]
          modern: ${modern}
          mode: shadow
          modern-filters: ["StripPrefix=1", "PrefixPath=/v2"]
          legacy-filters: ["PrefixPath=/old"]
        - id: beta
          paths: [/beta/**]
          modern: ${modern}
          mode: canary
          percent: 0
          sticky-by: [header:X-User-Id]
          targets: {modern: [tester-1]}
      """;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add(
        "strangler.rules.location",
        () -> RulesFiles.create(legacy, modern).write(RULES).path().toString());
    registry.add(
        "management.opentelemetry.tracing.export.otlp.endpoint",
        () -> collector.baseUrl() + "/v1/traces");
  }

  @LocalServerPort int port;

  @BeforeEach
  void stubs() {
    collector.stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withBody("modern")));
    modern.stubFor(any(urlPathMatching("/orders/broken")).willReturn(aResponse().withStatus(503)));
    modern.stubFor(
        any(urlPathMatching("/v2/reshaped/broken")).willReturn(aResponse().withStatus(503)));
  }

  @Test
  void fallback_requestSpanWithRouteTargetAndReason_aCallSpanPerSide_eachSideGetsItsTraceparent() {
    HttpResponse<String> response =
        new GatewayClient(port)
            .get(
                "/orders/broken",
                "traceparent",
                "00-" + CLIENT_TRACE_ID + "-" + CLIENT_SPAN_ID + "-01",
                "X-Request-Id",
                "trace-fallback-1");
    assertThat(response.body()).isEqualTo("legacy");

    Traceparent toModern = traceparentOf(received(modern, "/orders/broken"));
    Traceparent toLegacy = traceparentOf(received(legacy, "/orders/broken"));
    List<Span> spans = awaitSpans(CLIENT_TRACE_ID, 3);

    Span request = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(request.getName()).isEqualTo("GET orders");
    assertThat(hex(request.getParentSpanId())).isEqualTo(CLIENT_SPAN_ID);
    assertThat(attribute(request, "strangler.route")).contains("orders");
    assertThat(attribute(request, "strangler.target")).contains("legacy");
    assertThat(attribute(request, "strangler.decision")).contains("mode");
    assertThat(attribute(request, "strangler.fallback.reason")).contains("status");
    assertThat(attribute(request, "strangler.request_id")).contains("trace-fallback-1");
    assertThat(attribute(request, "http.response.status_code")).contains("200");

    List<Span> calls =
        spans.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(calls).hasSize(2);
    Span modernCall = withAttribute(calls, "strangler.target", "modern");
    Span legacyCall = withAttribute(calls, "strangler.target", "legacy");
    for (Span call : calls) {
      assertThat(hex(call.getParentSpanId())).isEqualTo(hex(request.getSpanId()));
      assertThat(attribute(call, "strangler.route")).contains("orders");
    }
    assertThat(attribute(modernCall, "http.response.status_code")).contains("503");
    assertThat(attribute(legacyCall, "http.response.status_code")).contains("200");
    assertThat(modernCall.getName()).isEqualTo("GET modern");

    // each side got the trace context of its own call span, in the client's trace
    assertThat(toModern.traceId()).isEqualTo(CLIENT_TRACE_ID);
    assertThat(toModern.parentId()).isEqualTo(hex(modernCall.getSpanId()));
    assertThat(toLegacy.traceId()).isEqualTo(CLIENT_TRACE_ID);
    assertThat(toLegacy.parentId()).isEqualTo(hex(legacyCall.getSpanId()));
    assertThat(toModern.sampled()).isTrue();
  }

  @Test
  void shadowCopy_hasItsOwnTraceLinkedToTheRequest_andCarriesItsTraceparent() {
    HttpResponse<String> response = new GatewayClient(port).get("/catalog/7");
    assertThat(response.body()).isEqualTo("legacy");

    Traceparent toLegacy = traceparentOf(received(legacy, "/catalog/7"));
    LoggedRequest copy = received(modern, "/catalog/7");
    assertThat(copy.getHeader("X-Strangler-Shadow")).isEqualTo("true");
    Traceparent toShadow = traceparentOf(copy);
    assertThat(toShadow.traceId()).isNotEqualTo(toLegacy.traceId());

    List<Span> requestTrace = awaitSpans(toLegacy.traceId(), 2);
    Span request = only(requestTrace, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(request.getParentSpanId().isEmpty()).isTrue();
    assertThat(attribute(request, "strangler.route")).contains("catalog");
    assertThat(attribute(request, "strangler.target")).contains("legacy");
    assertThat(attribute(request, "strangler.fallback.reason")).isEmpty();
    Span legacyCall = only(requestTrace, Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(toLegacy.parentId()).isEqualTo(hex(legacyCall.getSpanId()));

    Span shadow = only(awaitSpans(toShadow.traceId(), 1), Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(shadow.getParentSpanId().isEmpty()).isTrue();
    assertThat(hex(shadow.getSpanId())).isEqualTo(toShadow.parentId());
    assertThat(attribute(shadow, "strangler.shadow")).contains("true");
    assertThat(attribute(shadow, "strangler.route")).contains("catalog");
    assertThat(attribute(shadow, "strangler.target")).contains("modern");
    assertThat(attribute(shadow, "http.response.status_code")).contains("200");
    assertThat(shadow.getLinksList()).hasSize(1);
    assertThat(hex(shadow.getLinks(0).getTraceId())).isEqualTo(hex(request.getTraceId()));
    assertThat(hex(shadow.getLinks(0).getSpanId())).isEqualTo(hex(request.getSpanId()));
  }

  @Test
  void callShapedByItsSidesFilters_carriesItsCallSpansTraceparent() {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    new GatewayClient(port)
        .get("/shaped/3", "traceparent", "00-" + traceId + "-" + CLIENT_SPAN_ID + "-01");

    Traceparent toModern = traceparentOf(received(modern, "/v2/shaped/3"));
    List<Span> spans = awaitSpans(traceId, 2);
    Span call = only(spans, Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(toModern.traceId()).isEqualTo(traceId);
    assertThat(toModern.parentId()).isEqualTo(hex(call.getSpanId()));
    assertThat(attribute(call, "strangler.route")).contains("shaped");
    assertThat(hex(call.getParentSpanId()))
        .isEqualTo(hex(only(spans, Span.SpanKind.SPAN_KIND_SERVER).getSpanId()));
  }

  @Test
  void fallbackReplayShapedByLegacysFilters_eachShapedCallCarriesItsOwnCallSpansTraceparent() {
    String traceId = "1af7651916cd43dd8448eb211c80319c";
    HttpResponse<String> response =
        new GatewayClient(port)
            .get("/reshaped/broken", "traceparent", "00-" + traceId + "-" + CLIENT_SPAN_ID + "-01");
    assertThat(response.body()).isEqualTo("legacy");

    Traceparent toModern = traceparentOf(received(modern, "/v2/reshaped/broken"));
    LoggedRequest replay = received(legacy, "/old/reshaped/broken");
    assertThat(replay.getHeader("X-Shaped")).isEqualTo("legacy");
    Traceparent toLegacy = traceparentOf(replay);
    List<Span> spans = awaitSpans(traceId, 3);

    Span request = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(attribute(request, "strangler.route")).contains("reshaped");
    assertThat(attribute(request, "strangler.target")).contains("legacy");
    assertThat(attribute(request, "strangler.fallback.reason")).contains("status");
    List<Span> calls =
        spans.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
    Span modernCall = withAttribute(calls, "strangler.target", "modern");
    Span legacyCall = withAttribute(calls, "strangler.target", "legacy");
    assertThat(toModern.traceId()).isEqualTo(traceId);
    assertThat(toModern.parentId()).isEqualTo(hex(modernCall.getSpanId()));
    assertThat(toLegacy.traceId()).isEqualTo(traceId);
    assertThat(toLegacy.parentId()).isEqualTo(hex(legacyCall.getSpanId()));
    assertThat(hex(legacyCall.getParentSpanId())).isEqualTo(hex(request.getSpanId()));
  }

  @Test
  void shadowCopyShapedByItsSidesFilters_carriesTheShadowSpansTraceparent() {
    new GatewayClient(port).get("/mirrored/4");

    Traceparent toLegacy = traceparentOf(received(legacy, "/old/mirrored/4"));
    LoggedRequest copy = received(modern, "/v2/4");
    assertThat(copy.getHeader("X-Strangler-Shadow")).isEqualTo("true");
    Traceparent toShadow = traceparentOf(copy);

    Span request = only(awaitSpans(toLegacy.traceId(), 2), Span.SpanKind.SPAN_KIND_SERVER);
    Span shadow = only(awaitSpans(toShadow.traceId(), 1), Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(hex(shadow.getSpanId())).isEqualTo(toShadow.parentId());
    assertThat(attribute(shadow, "strangler.route")).contains("mirrored");
    assertThat(attribute(shadow, "strangler.shadow")).contains("true");
    assertThat(hex(shadow.getLinks(0).getSpanId())).isEqualTo(hex(request.getSpanId()));
  }

  @Test
  void targetedRequest_spanSaysTheTargetsDecidedIt() {
    String traceId = "2af7651916cd43dd8448eb211c80319c";
    new GatewayClient(port)
        .get(
            "/beta/1",
            "X-User-Id",
            "tester-1",
            "traceparent",
            "00-" + traceId + "-" + CLIENT_SPAN_ID + "-01");

    Span request = only(awaitSpans(traceId, 2), Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(attribute(request, "strangler.route")).contains("beta");
    assertThat(attribute(request, "strangler.decision")).contains("targeted");
    assertThat(attribute(request, "strangler.target")).contains("modern");
  }

  @Test
  void exportedSpans_nameTheGatewayAsTheService() {
    new GatewayClient(port).get("/home");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                exports().stream()
                    .flatMap(export -> export.getResourceSpansList().stream())
                    .anyMatch(
                        resource ->
                            resource.getResource().getAttributesList().stream()
                                .anyMatch(
                                    attribute ->
                                        attribute.getKey().equals("service.name")
                                            && attribute
                                                .getValue()
                                                .getStringValue()
                                                .equals("strangler"))));
  }

  record Traceparent(String traceId, String parentId, boolean sampled) {}

  static Traceparent traceparentOf(LoggedRequest request) {
    String value = request.getHeader("traceparent");
    assertThat(value).as("traceparent of " + request.getUrl()).isNotNull();
    String[] parts = value.split("-");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("00");
    return new Traceparent(parts[1], parts[2], parts[3].equals("01"));
  }

  static LoggedRequest received(WireMockExtension backend, String path) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                backend.getAllServeEvents().stream()
                    .anyMatch(event -> event.getRequest().getUrl().equals(path)));
    return backend.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().equals(path))
        .findFirst()
        .orElseThrow()
        .getRequest();
  }

  /** The spans of one trace the collector received, once there are at least {@code count}. */
  static List<Span> awaitSpans(String traceId, int count) {
    List<Span> spans = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              spans.clear();
              for (ExportTraceServiceRequest export : exports()) {
                for (ResourceSpans resource : export.getResourceSpansList()) {
                  for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                      if (hex(span.getTraceId()).equals(traceId)) {
                        spans.add(span);
                      }
                    }
                  }
                }
              }
              return spans.size() >= count;
            });
    assertThat(spans).hasSize(count);
    return spans;
  }

  static List<ExportTraceServiceRequest> exports() {
    List<ExportTraceServiceRequest> exports = new ArrayList<>();
    collector.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().equals("/v1/traces"))
        .forEach(
            event -> {
              assertThat(event.getRequest().getHeader("Content-Type"))
                  .isEqualTo("application/x-protobuf");
              try {
                exports.add(ExportTraceServiceRequest.parseFrom(event.getRequest().getBody()));
              } catch (InvalidProtocolBufferException ex) {
                throw new AssertionError("not an OTLP export: " + ex.getMessage(), ex);
              }
            });
    return exports;
  }

  static Span only(List<Span> spans, Span.SpanKind kind) {
    List<Span> ofKind = spans.stream().filter(span -> span.getKind() == kind).toList();
    assertThat(ofKind).as(kind.name()).hasSize(1);
    return ofKind.get(0);
  }

  static Span withAttribute(List<Span> spans, String key, String value) {
    return spans.stream()
        .filter(span -> attribute(span, key).filter(value::equals).isPresent())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span with " + key + "=" + value));
  }

  /** An attribute's value as text, whatever its type. */
  static Optional<String> attribute(Span span, String key) {
    for (KeyValue attribute : span.getAttributesList()) {
      if (attribute.getKey().equals(key)) {
        var value = attribute.getValue();
        return Optional.of(
            switch (value.getValueCase()) {
              case STRING_VALUE -> value.getStringValue();
              case INT_VALUE -> Long.toString(value.getIntValue());
              case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
              case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
              default -> value.toString();
            });
      }
    }
    return Optional.empty();
  }

  static String hex(com.google.protobuf.ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }
}
