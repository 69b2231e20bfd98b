package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.RulesFiles;
import dev.strangler.gateway.tracing.RequestTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tracing off, the default: the request path pays nothing for it. No tracer, OpenTelemetry SDK,
 * span exporter or Strangler span bean exists, no filter of the request path has anything of
 * tracing, not one observation is started while canary, fallback and shadow requests go through (an
 * {@link ObservationHandler} registered with Spring Boot's observation registry counts them), and
 * the backends get no trace context the gateway made: a client's {@code traceparent} reaches both
 * sides exactly as it was sent.
 */
// closed after the class, not with every cached context when the fork ends (Failsafe waits 30 s)
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.server.port=0"})
class TracingOffIT {

  static final String CLIENT_TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @RegisterExtension
  static WireMockExtension legacy =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension modern =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

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
        - id: catalog
          paths: [/catalog/**]
          modern: ${modern}
          mode: shadow
      """;

  @DynamicPropertySource
  static void rules(DynamicPropertyRegistry registry) {
    registry.add(
        "strangler.rules.location",
        () -> RulesFiles.create(legacy, modern).write(RULES).path().toString());
  }

  /** Counts every observation started anywhere in the gateway. */
  @TestConfiguration(proxyBeanMethods = false)
  static class ObservationCounting {

    static final AtomicInteger started = new AtomicInteger();

    @Bean
    ObservationHandler<Observation.Context> countingObservationHandler() {
      return new ObservationHandler<>() {
        @Override
        public void onStart(Observation.Context context) {
          started.incrementAndGet();
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }
      };
    }
  }

  @LocalServerPort int port;

  @Autowired ApplicationContext context;

  @Autowired ObservationRegistry observations;

  @BeforeEach
  void stubBackends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withBody("modern")));
    modern.stubFor(any(urlPathMatching("/orders/broken")).willReturn(aResponse().withStatus(503)));
  }

  @Test
  void noTracerNoSdkNoStranglerSpans_andNoTracingInTheRequestPath() {
    assertThat(context.getBeanNamesForType(io.micrometer.tracing.Tracer.class)).isEmpty();
    assertThat(context.getBeanNamesForType(io.opentelemetry.api.OpenTelemetry.class)).isEmpty();
    assertThat(context.getBeanNamesForType(io.opentelemetry.sdk.trace.export.SpanExporter.class))
        .isEmpty();
    assertThat(context.getBeanNamesForType(RequestTracing.class)).isEmpty();
    assertThat(context.getBeansOfType(GlobalFilter.class).values())
        .noneMatch(filter -> filter.getClass().getSimpleName().contains("Tracing"));
    assertThat(context.getBeansOfType(HttpHeadersFilter.class).values())
        .noneMatch(filter -> filter.getClass().getName().contains("Observ"));
  }

  @Test
  void canaryFallbackAndShadowRequests_startNoObservation_andAddNoTraceContext() {
    GatewayClient client = new GatewayClient(port);
    int before = ObservationCounting.started.get();

    for (int user = 0; user < 20; user++) {
      client.get("/orders/1", "X-User-Id", "user-" + user);
      client.get("/orders/broken", "X-User-Id", "user-" + user);
    }
    client.get("/catalog/1");
    client.get("/home");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !modern.findAll(anyRequestedFor(urlEqualTo("/catalog/1"))).isEmpty());

    assertThat(ObservationCounting.started.get() - before).isZero();
    // the counter sees observations: one started by hand is counted
    Observation.start("probe", observations).stop();
    assertThat(ObservationCounting.started.get() - before).isEqualTo(1);
    List<LoggedRequest> received = new ArrayList<>(legacy.findAll(anyRequestedFor(anyUrl())));
    received.addAll(modern.findAll(anyRequestedFor(anyUrl())));
    assertThat(received).hasSizeGreaterThan(40);
    assertThat(received)
        .allSatisfy(
            request -> {
              assertThat(request.containsHeader("traceparent")).as(request.getUrl()).isFalse();
              assertThat(request.containsHeader("b3")).isFalse();
            });
  }

  @Test
  void aClientsTraceparent_reachesBothSidesAsSent() {
    GatewayClient client = new GatewayClient(port);

    client.get("/catalog/2", "traceparent", CLIENT_TRACEPARENT, "tracestate", "vendor=1");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !modern.findAll(anyRequestedFor(urlEqualTo("/catalog/2"))).isEmpty());
    legacy.verify(
        anyRequestedFor(urlEqualTo("/catalog/2"))
            .withHeader("traceparent", equalTo(CLIENT_TRACEPARENT))
            .withHeader("tracestate", equalTo("vendor=1")));
    modern.verify(
        anyRequestedFor(urlEqualTo("/catalog/2"))
            .withHeader("X-Strangler-Shadow", equalTo("true"))
            .withHeader("traceparent", equalTo(CLIENT_TRACEPARENT)));
  }
}
