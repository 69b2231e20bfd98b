package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayIT;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;
import reactor.netty.resources.LoopResources;

/**
 * Each event loop has its own pool of backend connections: a request's backend call is written by
 * the thread of the event loop that read the request, whichever connections the pools hold, so the
 * call and its answer never change threads.
 */
@GatewayIT
class EventLoopPoolsIT {

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: canary
          paths: [/api/**]
          modern: ${modern}
          mode: canary
          percent: 50
          sticky-by: [header:X-User-Id]
      """;

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withRules(RULES);

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  @LocalServerPort int port;

  @Autowired ThreadsOfCalls threads;

  @Test
  void manyClientConnections_everyBackendCall_onTheThreadThatReadItsRequest() throws Exception {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    int clients = 2 * LoopResources.DEFAULT_IO_WORKER_COUNT;
    int perClient = 25;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Integer>>> calls = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int clientNo = c;
        calls.add(
            pool.submit(
                () -> {
                  // a client of its own: its own connections, spread over the event loops
                  GatewayClient client = new GatewayClient(port);
                  List<Integer> statuses = new ArrayList<>();
                  for (int i = 0; i < perClient; i++) {
                    HttpResponse<String> response =
                        client.get("/api/items/" + i, "X-User-Id", "user-" + clientNo + "-" + i);
                    statuses.add(response.statusCode());
                  }
                  return statuses;
                }));
      }
      for (Future<List<Integer>> call : calls) {
        assertThat(call.get(60, TimeUnit.SECONDS)).containsOnly(200);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(legacy.getAllServeEvents()).isNotEmpty();
    assertThat(modern.getAllServeEvents()).isNotEmpty();
    assertThat(threads.calls).hasSize(clients * perClient);
    assertThat(threads.calls)
        .as("backend calls written by another thread than the one that read their request")
        .allMatch(Call::sameThread);
    assertThat(threads.calls.stream().map(Call::thread).distinct().count())
        .as("the requests were served by several event loops")
        .isGreaterThan(1);
  }

  /** The thread that read a request, and the one that wrote its backend call. */
  record Call(String thread, boolean sameThread) {}

  /** Records, for every backend call, whether its thread read the request it carries. */
  static final class ThreadsOfCalls {

    static final String SERVER_THREAD = "test.serverThread";

    final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  }

  @TestConfiguration
  static class Recording {

    @Bean
    ThreadsOfCalls threadsOfCalls() {
      return new ThreadsOfCalls();
    }

    /** First of all web filters: the thread that reads the request, into the call's context. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter serverThread() {
      return (exchange, chain) -> {
        Thread server = Thread.currentThread();
        return chain
            .filter(exchange)
            .contextWrite(ctx -> ctx.put(ThreadsOfCalls.SERVER_THREAD, server));
      };
    }

    /** Runs where Reactor Netty writes the call: on its connection's event loop. */
    @Bean
    HttpClientCustomizer callThread(ThreadsOfCalls threads) {
      return client ->
          client.doOnRequest(
              (request, connection) -> {
                Thread server =
                    request.currentContextView().getOrDefault(ThreadsOfCalls.SERVER_THREAD, null);
                if (server != null) {
                  threads.calls.add(
                      new Call(
                          server.getName(),
                          server == Thread.currentThread()
                              && connection.channel().eventLoop().inEventLoop()));
                }
              });
    }
  }
}
