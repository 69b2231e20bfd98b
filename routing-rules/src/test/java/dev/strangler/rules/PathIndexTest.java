package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The router's path index: it narrows the routes tried, and never changes which route wins. */
class PathIndexTest {

  /** The same matchers without literal prefixes: the router tries every route in file order. */
  private static final PathMatcherFactory LINEAR = SegmentPathMatcherFactory.INSTANCE::compile;

  private static final List<String> SEGMENTS = List.of("api", "v1", "orders", "users", "x");

  @Test
  void firstMatchInFileOrder_winsAcrossPrefixes() {
    RulesFile rules =
        rules(
            route("any-post", "[POST]", "/**"),
            route("orders", null, "/api/orders/**"),
            route("any-orders", null, "/*/orders/**"),
            route("special", null, "/api/orders/special"),
            route("api", null, "/api/**"));

    Router router = router(rules, SegmentPathMatcherFactory.INSTANCE);

    assertThat(router.decide(TestRequest.of("POST", "/api/orders/special")).routeId())
        .isEqualTo("any-post");
    assertThat(router.decide(TestRequest.get("/api/orders/special")).routeId()).isEqualTo("orders");
    assertThat(router.decide(TestRequest.get("/web/orders/1")).routeId()).isEqualTo("any-orders");
    assertThat(router.decide(TestRequest.get("/api/users")).routeId()).isEqualTo("api");
    assertThat(router.decide(TestRequest.get("/api")).routeId()).isEqualTo("api");
    assertThat(router.decide(TestRequest.get("/other")).reason())
        .isEqualTo(RoutingDecision.Reason.CATCH_ALL);
  }

  @Test
  void routesOfOtherPrefixes_areNotTried() {
    AtomicInteger tried = new AtomicInteger();
    PathMatcherFactory counting =
        new PathMatcherFactory() {
          @Override
          public PathMatcher compile(String pattern) {
            PathMatcher matcher = SegmentPathMatcherFactory.INSTANCE.compile(pattern);
            return request -> {
              tried.incrementAndGet();
              return matcher.matches(request);
            };
          }

          @Override
          public List<String> literalPrefix(String pattern) {
            return SegmentPathMatcherFactory.INSTANCE.literalPrefix(pattern);
          }

          @Override
          public String pathSegment(RoutingRequest request, int index) {
            return SegmentPathMatcherFactory.INSTANCE.pathSegment(request, index);
          }
        };
    List<String> routes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      routes.add(route("service-" + i, null, "/api/service-" + i + "/**"));
    }
    routes.add(route("fallback", null, "/**"));
    Router router = router(rules(routes.toArray(String[]::new)), counting);

    assertThat(router.decide(TestRequest.get("/api/service-499/items/1")).routeId())
        .isEqualTo("service-499");
    assertThat(tried).as("the route of that prefix only").hasValue(1);
    tried.set(0);
    assertThat(router.decide(TestRequest.get("/api/unknown/1")).routeId()).isEqualTo("fallback");
    assertThat(tried).as("the route without a literal prefix only").hasValue(1);
  }

  @Test
  void randomRulesAndPaths_decideAsTheLinearScanDoes() {
    Random random = new Random(20261126);
    for (int file = 0; file < 200; file++) {
      List<String> routes = new ArrayList<>();
      int count = 1 + random.nextInt(12);
      for (int i = 0; i < count; i++) {
        String methods = random.nextInt(4) == 0 ? "[POST]" : null;
        routes.add(route("r" + i, methods, pattern(random)));
      }
      RulesFile rules = rules(routes.toArray(String[]::new));
      Router indexed = router(rules, SegmentPathMatcherFactory.INSTANCE);
      Router linear = router(rules, LINEAR);
      for (int request = 0; request < 50; request++) {
        TestRequest probe = TestRequest.of(random.nextBoolean() ? "GET" : "POST", path(random));
        assertThat(indexed.decide(probe).routeId())
            .as("%s %s with %s", probe.method(), probe.path(), routes)
            .isEqualTo(linear.decide(probe).routeId());
      }
    }
  }

  private static String pattern(Random random) {
    StringBuilder pattern = new StringBuilder();
    int length = random.nextInt(4);
    for (int i = 0; i < length; i++) {
      pattern
          .append('/')
          .append(random.nextInt(5) == 0 ? "*" : SEGMENTS.get(random.nextInt(SEGMENTS.size())));
    }
    if (length == 0 || random.nextBoolean()) {
      pattern.append("/**");
    }
    return pattern.toString();
  }

  private static String path(Random random) {
    StringBuilder path = new StringBuilder();
    int length = random.nextInt(5);
    for (int i = 0; i < length; i++) {
      path.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
    }
    return path.isEmpty() ? "/" : path.toString();
  }

  private static String route(String id, String methods, String path) {
    return "  - id: "
        + id
        + "\n    paths: [\""
        + path
        + "\"]\n"
        + (methods == null ? "" : "    methods: " + methods + "\n")
        + "    modern: http://modern:8080\n    mode: modern\n";
  }

  private static RulesFile rules(String... routes) {
    return Fixtures.rules("legacy: http://legacy:8080\nroutes:\n" + String.join("", routes));
  }

  private static Router router(RulesFile rules, PathMatcherFactory matchers) {
    return Router.of(rules, Map.of(), matchers, () -> 0L, null);
  }
}
