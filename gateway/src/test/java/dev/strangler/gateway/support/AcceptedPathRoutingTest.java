package dev.strangler.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.PathPolicy;
import dev.strangler.rules.PathVerdict;
import dev.strangler.rules.Router;
import dev.strangler.rules.RulesParser;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * For any path the gateway accepts, the route chosen is the route chosen for the path's RFC 3986
 * normalized form (percent-encoding case and unreserved characters normalized, dot-segments
 * removed, RFC 3986 §6.2.2), so no accepted request is decided by one route while a resolver serves
 * another route's path. The paths are made of the shapes that confuse resolvers, so that many are
 * refused and many accepted; routing is the gateway's own (Spring path patterns, its view of a
 * WebFlux request).
 */
class AcceptedPathRoutingTest {

  private static final String RULES =
      """
      legacy: http://legacy.test
      routes:
        - id: exact
          paths: [/api/secure/x/items]
          modern: http://modern.test
          mode: modern
        - id: public
          paths: [/api/public/**]
          modern: http://modern.test
          mode: legacy
        - id: secure
          paths: [/api/secure/**, /secure]
          modern: http://modern.test
          mode: modern
        - id: star
          paths: [/api/*/items]
          modern: http://modern.test
          mode: legacy
        - id: variable
          paths: ["/x/{id}/secure"]
          modern: http://modern.test
          mode: modern
      """;

  /** Pieces of segments: route literals, dot and slash shapes in every encoding, parameters. */
  private static final List<String> PIECES =
      List.of(
          "api",
          "public",
          "secure",
          "x",
          "items",
          "a.b",
          "~",
          "-",
          "_",
          "%41",
          "%61",
          "%7E",
          "%7e",
          "%2D",
          "%73ecure",
          "sec%75re",
          "%70ublic",
          "%E2%82%AC",
          "%C3%A9",
          "%E9",
          ".",
          "..",
          "...",
          "a.",
          "%2e",
          "%2E",
          "%2e%2e",
          ".%2E",
          "%2F",
          "%2f",
          "%5C",
          "%25",
          "%252e",
          "%252F",
          "%00",
          "%0A",
          "%7F",
          "%C2%85",
          ";jsessionid=1",
          ";JSESSIONID=2",
          ";x=1",
          ";",
          "%3B",
          "%C0%AE",
          "%C0%AF",
          "%E0%80%AE",
          "%EF%BC%8E",
          "%EF%BC%8F",
          "%E2%80%A4",
          "");

  private static final Router ROUTER;

  static {
    SpringPathPatterns matchers = new SpringPathPatterns();
    ROUTER = Router.of(RulesParser.of(matchers).parse(RULES), Map.of(), matchers, () -> 0L, null);
  }

  private static final PathPolicy STRICT = PathPolicy.ofDefaults();

  private static final PathPolicy SERVLET =
      PathPolicy.builder().allowedParameters(List.of("jsessionid")).build();

  private static final PathPolicy SLASHES = PathPolicy.builder().allowEncodedSlash(true).build();

  /** Fewer shapes, more encoded slashes: for the policy that allows them. */
  private static final List<String> SLASH_PIECES =
      List.of("api", "public", "secure", "x", "items", "a.b", "%73ecure", "%2F", "%2f", "..");

  @Provide
  Arbitrary<String> paths() {
    return paths(PIECES);
  }

  @Provide
  Arbitrary<String> slashPaths() {
    return paths(SLASH_PIECES);
  }

  private static Arbitrary<String> paths(List<String> pieces) {
    Arbitrary<String> segment =
        Arbitraries.of(pieces)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(chosen -> String.join("", chosen));
    Arbitrary<String> routeLike =
        Arbitraries.of("/api/public", "/api/secure", "/api/secure/x", "/x/1", "");
    return Combinators.combine(
            routeLike, segment.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of("", "/"))
        .as((prefix, segments, trailing) -> prefix + "/" + String.join("/", segments) + trailing);
  }

  @Property(tries = 3000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void strict_acceptedPath_routesAsItsNormalizedForm(@ForAll("paths") String path) {
    boolean accepted = STRICT.check(path).isAccepted();
    Statistics.collect(accepted ? "accepted" : "refused");
    if (accepted) {
      assertThat(routeOf(path)).as(path).isEqualTo(routeOf(normalized(path)));
    }
    Statistics.coverage(
        coverage -> {
          coverage.check("accepted").percentage(share -> share > 10);
          coverage.check("refused").percentage(share -> share > 10);
        });
  }

  @Property(tries = 3000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void allowedParameters_acceptedPath_routesAsItsNormalizedAndServletForms(
      @ForAll("paths") String path) {
    boolean accepted = SERVLET.check(path).isAccepted();
    Statistics.collect(accepted ? "accepted" : "refused");
    if (accepted) {
      assertThat(routeOf(path)).as(path).isEqualTo(routeOf(normalized(path)));
      assertThat(routeOf(path)).as(path).isEqualTo(routeOf(normalized(withoutParameters(path))));
    }
    Statistics.coverage(coverage -> coverage.check("accepted").percentage(share -> share > 10));
  }

  @Property(tries = 3000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void allowedEncodedSlash_acceptedPath_routesAsBothReadingsOfTheSlash(
      @ForAll("slashPaths") String path) {
    PathVerdict verdict = SLASHES.check(request(path), ROUTER);
    Statistics.collect(
        !verdict.isAccepted()
            ? "refused"
            : verdict.slashDecodedPath() != null ? "accepted with %2F" : "accepted");
    if (verdict.isAccepted()) {
      assertThat(routeOf(path)).as(path).isEqualTo(routeOf(normalized(path)));
      assertThat(routeOf(path)).as(path).isEqualTo(routeOf(normalized(decodedSlashes(path))));
    }
    Statistics.coverage(
        coverage -> {
          coverage.check("accepted with %2F").percentage(share -> share > 2);
          coverage.check("refused").percentage(share -> share > 5);
        });
  }

  @Example
  void normalized_isRfc3986Normalization() {
    assertThat(normalized("/a/b/c/./../../g")).isEqualTo("/a/g");
    assertThat(normalized("/mid/content=5/../6")).isEqualTo("/mid/6");
    assertThat(normalized("/%7efoo/%2e%2E/%41%2f%3b%c3%a9")).isEqualTo("/A%2F%3B%C3%A9");
    assertThat(normalized("/a/..")).isEqualTo("/");
    assertThat(normalized("/a;jsessionid=1/%2D")).isEqualTo("/a;jsessionid=1/-");
  }

  @Example
  void routeOf_decodesUnreservedCharacters_asTheNormalizedFormDoes() {
    assertThat(routeOf("/api/%73ecure/y")).isEqualTo("secure");
    assertThat(routeOf("/api/public/y")).isEqualTo("public");
    assertThat(routeOf("/api/other/items")).isEqualTo("star");
    assertThat(routeOf("/other")).isEqualTo("catch-all");
  }

  private static String routeOf(String path) {
    return ROUTER.decide(request(path)).routeId();
  }

  /** The gateway's own view of a WebFlux request for the path, as a client sent it. */
  private static ExchangeRoutingRequest request(String path) {
    return new ExchangeRoutingRequest(
        MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gateway.test" + path))
            .build(),
        TrustedProxies.none());
  }

  private static final Pattern PERCENT_ENCODED = Pattern.compile("%([0-9A-Fa-f]{2})");

  /**
   * RFC 3986 §6.2.2 for a path: hex digits of percent-encodings in upper case, percent-encoded
   * unreserved characters decoded, then remove_dot_segments (§5.2.4).
   */
  static String normalized(String path) {
    Matcher matcher = PERCENT_ENCODED.matcher(path);
    StringBuilder decoded = new StringBuilder();
    while (matcher.find()) {
      char c = (char) Integer.parseInt(matcher.group(1), 16);
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      matcher.appendReplacement(
          decoded,
          Matcher.quoteReplacement(
              unreserved ? String.valueOf(c) : "%" + matcher.group(1).toUpperCase(Locale.ROOT)));
    }
    matcher.appendTail(decoded);
    return removeDotSegments(decoded.toString());
  }

  /** RFC 3986 §5.2.4, step by step. */
  private static String removeDotSegments(String path) {
    String input = path;
    StringBuilder output = new StringBuilder();
    while (!input.isEmpty()) {
      if (input.startsWith("../")) {
        input = input.substring(3);
      } else if (input.startsWith("./")) {
        input = input.substring(2);
      } else if (input.startsWith("/./")) {
        input = input.substring(2);
      } else if (input.equals("/.")) {
        input = "/";
      } else if (input.startsWith("/../")) {
        input = input.substring(3);
        output.setLength(Math.max(0, output.lastIndexOf("/")));
      } else if (input.equals("/..")) {
        input = "/";
        output.setLength(Math.max(0, output.lastIndexOf("/")));
      } else if (input.equals(".") || input.equals("..")) {
        input = "";
      } else {
        int next = input.indexOf('/', 1);
        int end = next < 0 ? input.length() : next;
        output.append(input, 0, end);
        input = input.substring(end);
      }
    }
    return output.toString();
  }

  /** The path as a servlet container resolves it: every {@code ;} parameter removed. */
  private static String withoutParameters(String path) {
    return path.replaceAll(";[^/]*", "");
  }

  private static String decodedSlashes(String path) {
    return path.replace("%2F", "/").replace("%2f", "/");
  }
}
