package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.Router;
import dev.strangler.rules.RoutingRequest;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Spring's path patterns as the router sees them, literal prefixes for its index included. */
class SpringPathPatternsTest {

  private static final SpringPathPatterns PATTERNS = new SpringPathPatterns();

  /** The same matchers without literal prefixes: the router tries every route in file order. */
  private static final PathMatcherFactory LINEAR = PATTERNS::compile;

  @Test
  void literalPrefix_isTheLeadingPlainSegments() {
    assertThat(PATTERNS.literalPrefix("/api/orders/{id}")).containsExactly("api", "orders");
    assertThat(PATTERNS.literalPrefix("/api/orders")).containsExactly("api", "orders");
    assertThat(PATTERNS.literalPrefix("/api/orders/**")).containsExactly("api", "orders");
    assertThat(PATTERNS.literalPrefix("/api/")).containsExactly("api");
    assertThat(PATTERNS.literalPrefix("/api/v*/items")).containsExactly("api");
    assertThat(PATTERNS.literalPrefix("/api/or?ers")).containsExactly("api");
    assertThat(PATTERNS.literalPrefix("/api/{*rest}")).containsExactly("api");
    assertThat(PATTERNS.literalPrefix("/api/a%20b/c")).containsExactly("api");
    assertThat(PATTERNS.literalPrefix("/api;v=1/c")).isEmpty();
    assertThat(PATTERNS.literalPrefix("/**")).isEmpty();
    assertThat(PATTERNS.literalPrefix("/")).isEmpty();
  }

  @Test
  void pathSegment_isTheDecodedSegmentWithoutMatrixParameters() {
    Path path = new Path("/ap%69/orders;v=2/42");

    assertThat(PATTERNS.pathSegment(path, 0)).isEqualTo("api");
    assertThat(PATTERNS.pathSegment(path, 1)).isEqualTo("orders");
    assertThat(PATTERNS.pathSegment(path, 2)).isEqualTo("42");
    assertThat(PATTERNS.pathSegment(path, 3)).isNull();
  }

  @Test
  void routerWithTheIndex_decidesAsTheLinearScan_forTrickyPaths() {
    List<String> patterns =
        List.of(
            "/api/orders/{id}",
            "/api/orders/**",
            "/api/*/items",
            "/api/{*rest}",
            "/api/orders",
            "/API/**",
            "/api/v{n}/x",
            "/**",
            "/static/*.js",
            "/api/or?ers/**",
            "/a/b/c/d");
    List<String> paths =
        List.of(
            "/api/orders/1",
            "/api/orders",
            "/api/orders/",
            "/ap%69/orders/7",
            "/api;v=1/orders/2",
            "/api/orders;x=y/3",
            "//api/orders/1",
            "/API/orders",
            "/api/users/items",
            "/api/v2/x",
            "/static/app.js",
            "/static/",
            "/",
            "",
            "/api/oRders/1",
            "/a/b/c/d",
            "/a/b/c",
            "/api/ord%65rs/9",
            "/api%2Forders/1");
    Random random = new Random(7);
    for (int file = 0; file < 300; file++) {
      List<String> routes = new ArrayList<>();
      int count = 1 + random.nextInt(8);
      for (int i = 0; i < count; i++) {
        routes.add(
            "  - id: r"
                + i
                + "\n    paths: [\""
                + patterns.get(random.nextInt(patterns.size()))
                + "\"]\n    modern: http://modern:8080\n    mode: modern\n");
      }
      RulesFile rules =
          RulesParser.of(PATTERNS)
              .parse("legacy: http://legacy:8080\nroutes:\n" + String.join("", routes));
      Router indexed = Router.of(rules, Map.of(), PATTERNS, () -> 0L, null);
      Router linear = Router.of(rules, Map.of(), LINEAR, () -> 0L, null);
      for (String path : paths) {
        assertThat(indexed.decide(new Path(path)).routeId())
            .as("%s with %s", path, routes)
            .isEqualTo(linear.decide(new Path(path)).routeId());
      }
    }
  }

  private record Path(String path) implements RoutingRequest {

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public @Nullable String header(String name) {
      return null;
    }

    @Override
    public @Nullable String cookie(String name) {
      return null;
    }

    @Override
    public @Nullable String queryParam(String name) {
      return null;
    }

    @Override
    public @Nullable String remoteAddress() {
      return null;
    }
  }
}
