package dev.strangler.loadtests.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The generator against a real server on loopback, several measurements in one JVM. */
class OpenLoadServeTest {

  private final Queue<String> users = new ConcurrentLinkedQueue<>();

  private DisposableServer server;

  @BeforeEach
  void startServer() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  users.add(request.uri() + " " + request.requestHeaders().get("X-User-Id"));
                  return response.sendString(Mono.just("{}"));
                })
            .bindNow();
  }

  @AfterEach
  void stopServer() {
    server.disposeNow();
  }

  @Test
  void serve_runsEachLineAndAnswersEach() throws Exception {
    String base = "--base=http://127.0.0.1:" + server.port();
    String commands =
        String.join(
            "\n",
            base + " --path=/a/{user} --rate=40 --seconds=1 --warmup=0 --users=3",
            "",
            "--rate=10",
            base + "  --path=/b --rate=20 --seconds=1 --warmup=1");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    OpenLoad.serve(
        new BufferedReader(new StringReader(commands)),
        new PrintStream(out, true, StandardCharsets.UTF_8));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    // RESULT rate sent completed duration_us p50 p90 p99 p999 max non_2xx errors dropped lag total
    String[] first = lines.get(0).split(" ");
    assertThat(first).startsWith("RESULT", "40", "40", "40", "1000000");
    assertThat(List.of(first[10], first[11], first[12], first[14]))
        .containsExactly("0", "0", "0", "40");
    assertThat(lines.get(1)).startsWith("ERROR path: none");
    String[] third = lines.get(2).split(" ");
    assertThat(third).startsWith("RESULT", "20", "20", "20", "1000000");
    // the warm-up second's 20 requests are answered but not measured
    assertThat(List.of(third[10], third[11], third[12], third[14]))
        .containsExactly("0", "0", "0", "40");
    assertThat(users).hasSize(80).contains("/a/0 user-0", "/a/2 user-2", "/b user-39");
    assertThat(users.stream().filter(u -> u.startsWith("/a/"))).hasSize(40);
  }
}
