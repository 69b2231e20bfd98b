package dev.strangler.loadtests.jmh;

import dev.strangler.gateway.support.ExchangeRoutingRequest;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.ThreadLocalRandomGenerator;
import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.rules.Router;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * The routing decision as the gateway makes it: {@link Router#decide} over rules of 1, 100 and 1000
 * canary routes, with the gateway's Spring path matcher and its view of a WebFlux request.
 *
 * <p>{@code lastRoute} asks for a path only the last route matches (every route is tried, then the
 * sticky key is hashed); {@code noRoute} for a path none matches (every route is tried, the
 * catch-all answers); {@code firstRoute} for the first route. The WebFlux requests are built once:
 * the gateway's request already holds its parsed path when the decision runs, since WebFlux parses
 * it on arrival. The routing view of it is made per decision, as the gateway does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterDecideBenchmark {

  @Param({"1", "100", "1000"})
  int routes;

  private Router router;

  private ServerHttpRequest firstRoute;

  private ServerHttpRequest lastRoute;

  private ServerHttpRequest noRoute;

  @Setup
  public void setUp() {
    SpringPathPatterns matchers = new SpringPathPatterns();
    RulesFile rules = RulesParser.of(matchers).parse(rulesYaml(routes));
    router = Router.of(rules, Map.of(), matchers, new ThreadLocalRandomGenerator(), null);
    firstRoute = request("/api/service-0/items/42");
    lastRoute = request("/api/service-" + (routes - 1) + "/items/42");
    noRoute = request("/static/app.js");
    check(firstRoute(), "route-0");
    check(lastRoute(), "route-" + (routes - 1));
    check(noRoute(), RoutingDecision.CATCH_ALL_ROUTE_ID);
  }

  @Benchmark
  public RoutingDecision firstRoute() {
    return router.decide(new ExchangeRoutingRequest(firstRoute, TrustedProxies.none()));
  }

  @Benchmark
  public RoutingDecision lastRoute() {
    return router.decide(new ExchangeRoutingRequest(lastRoute, TrustedProxies.none()));
  }

  @Benchmark
  public RoutingDecision noRoute() {
    return router.decide(new ExchangeRoutingRequest(noRoute, TrustedProxies.none()));
  }

  /** Rules of {@code count} canary routes at 50 %, sticky by user, each on its own path. */
  static String rulesYaml(int count) {
    StringBuilder yaml = new StringBuilder("legacy: http://127.0.0.1:19001\nroutes:\n");
    for (int i = 0; i < count; i++) {
      yaml.append("  - id: route-")
          .append(i)
          .append('\n')
          .append("    paths: [/api/service-")
          .append(i)
          .append("/**]\n")
          .append("    modern: http://127.0.0.1:19002\n")
          .append("    mode: canary\n")
          .append("    percent: 50\n")
          .append("    sticky-by: [header:X-User-Id, cookie:session]\n");
    }
    return yaml.toString();
  }

  private static ServerHttpRequest request(String path) {
    return MockServerHttpRequest.get(path).header("X-User-Id", "user-4711").build();
  }

  private static void check(RoutingDecision decision, String routeId) {
    if (!decision.routeId().equals(routeId)) {
      throw new IllegalStateException(
          "decision: " + decision.routeId() + " (expected: " + routeId + ")");
    }
  }
}
