package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesParserTest {

  @Test
  void fullExample_readsEveryKey() {
    RulesFile rules = Fixtures.rules(Fixtures.resource("/rules/full.yaml"));

    assertThat(rules.legacy()).isEqualTo(URI.create("http://legacy:8080"));
    assertThat(rules.routes())
        .extracting(RouteRule::id)
        .containsExactly("orders", "catalog", "accounts", "reports");

    RouteRule orders = rules.route("orders").orElseThrow();
    assertThat(orders.paths()).containsExactly("/api/orders/**", "/api/carts/*");
    assertThat(orders.methods()).containsExactly("GET", "POST");
    assertThat(orders.legacy()).isEqualTo(URI.create("http://legacy-orders:8080"));
    assertThat(orders.modern()).isEqualTo(URI.create("http://orders-v2:8080"));
    assertThat(orders.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("12.5")));
    assertThat(orders.stickyBy())
        .extracting(StickySource::wireName)
        .containsExactly("header:X-User-Id", "cookie:session", "query:user", "ip");
    assertThat(orders.salt()).isEqualTo("orders-2024");
    assertThat(orders.fallback())
        .isEqualTo(
            new FallbackPolicy(
                true,
                Set.of(500, 502, 503, 504),
                Duration.ofMillis(1500),
                ReplayUnsafe.NEVER,
                new CircuitBreakerSettings(
                    40, Duration.ofSeconds(3), 80, 50, 10, Duration.ofMinutes(1))));
    assertThat(orders.shadow())
        .isEqualTo(
            new ShadowPolicy(
                Percent.of("25"),
                Set.of("GET"),
                Duration.ofSeconds(2),
                URI.create("http://legacy-b:8080"),
                new CompareSettings(
                    List.of("Date", "ETag"),
                    List.of("$.meta.generatedAt", "$.items[*].etag", "$..traceId"),
                    true,
                    0.001),
                List.of("$.customer.email")));
    assertThat(orders.plan())
        .isEqualTo(
            new PlanSettings(
                List.of(
                    Percent.of("1"),
                    Percent.of("5"),
                    Percent.of("12.5"),
                    Percent.of("25"),
                    Percent.of("50"),
                    Percent.HUNDRED),
                Duration.ofMinutes(15),
                500,
                0.5,
                1.2,
                2,
                OnFailure.PAUSE));
  }

  @Test
  void minimalRoute_getsEveryDefault() {
    RouteRule route = Fixtures.rules(Fixtures.resource("/rules/minimal.yaml")).routes().get(0);

    assertThat(route.methods()).isEmpty();
    assertThat(route.allowsMethod("DELETE")).isTrue();
    assertThat(route.legacy()).isEqualTo(URI.create("http://legacy:8080"));
    assertThat(route.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.ZERO));
    assertThat(route.stickyBy()).isEmpty();
    assertThat(route.salt()).isEqualTo("orders");
    assertThat(route.fallback()).isEqualTo(FallbackPolicy.defaults());
    assertThat(route.shadow()).isEqualTo(ShadowPolicy.defaults(Mode.CANARY));
    assertThat(route.plan()).isNull();
  }

  @Test
  void defaults_areTheDocumentedValues() {
    assertThat(FallbackPolicy.defaults())
        .isEqualTo(
            new FallbackPolicy(
                true,
                Set.of(502, 503, 504),
                Duration.ofSeconds(5),
                ReplayUnsafe.CONNECT_FAILURE,
                new CircuitBreakerSettings(
                    50, Duration.ofSeconds(2), 100, 100, 20, Duration.ofSeconds(30))));
    assertThat(CompareSettings.defaults())
        .isEqualTo(new CompareSettings(List.of(), List.of(), false, 0));
    ShadowPolicy shadow = ShadowPolicy.defaults(Mode.CANARY);
    assertThat(shadow.methods()).containsExactly("GET", "HEAD");
    assertThat(shadow.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(shadow.secondary()).isNull();
    assertThat(shadow.redactFields()).isEmpty();
    PlanSettings plan = PlanSettings.of(List.of(Percent.of("1")));
    assertThat(plan.stepDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(plan.minRequests()).isEqualTo(100);
    assertThat(plan.maxErrorRate()).isEqualTo(1);
    assertThat(plan.maxLatencyRatio()).isEqualTo(1.5);
    assertThat(plan.maxDiffRate()).isEqualTo(1);
    assertThat(plan.onFailure()).isEqualTo(OnFailure.ROLLBACK);
  }

  @Test
  void shadowPercent_defaultsTo100InShadowModeAnd0Otherwise() {
    RulesFile rules = Fixtures.rules(Fixtures.resource("/rules/full.yaml"));

    assertThat(rules.route("catalog").orElseThrow().shadow().percent()).isEqualTo(Percent.HUNDRED);
    assertThat(rules.route("catalog").orElseThrow().shadow().percentDefaulted()).isTrue();
    assertThat(rules.route("accounts").orElseThrow().shadow().percent()).isEqualTo(Percent.ZERO);
    assertThat(rules.route("orders").orElseThrow().shadow().percentDefaulted()).isFalse();
  }

  @Test
  void methods_areUpperCased() {
    RouteRule accounts =
        Fixtures.rules(Fixtures.resource("/rules/full.yaml")).route("accounts").orElseThrow();

    assertThat(accounts.methods()).containsExactly("GET", "PUT");
    assertThat(accounts.allowsMethod("put")).isTrue();
    assertThat(accounts.allowsMethod("POST")).isFalse();
  }

  @Test
  void routes_absent_isAnEmptyList() {
    RulesFile rules = Fixtures.rules("legacy: http://legacy:8080\n");

    assertThat(rules.routes()).isEmpty();
    assertThat(rules.route("orders")).isEmpty();
  }

  @Test
  void uri_trailingSlash_isDropped() {
    RulesFile rules = Fixtures.rules("legacy: http://legacy:8080/\n");

    assertThat(rules.legacy()).isEqualTo(URI.create("http://legacy:8080"));
  }

  @Test
  void durations_acceptEveryUnit() {
    RulesFile rules =
        Fixtures.rules(
            """
            legacy: http://legacy:8080
            routes:
              - id: a
                paths: [/a]
                modern: http://modern:8080
                mode: legacy
                fallback:
                  timeout: 250ms
                  circuit-breaker: {slow-call-duration: 7s, open-for: 2h}
                plan: {steps: [50], step-duration: 3m}
            """);
    RouteRule route = rules.routes().get(0);

    assertThat(route.fallback().timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(route.fallback().circuitBreaker().slowCallDuration())
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(route.fallback().circuitBreaker().openFor()).isEqualTo(Duration.ofHours(2));
    assertThat(route.plan().stepDuration()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void percent_twoDecimals_isExact() {
    RulesFile rules =
        Fixtures.rules(
            """
            legacy: http://legacy:8080
            routes:
              - {id: a, paths: [/a], modern: "http://m:1", mode: canary, percent: 0.07}
            """);

    assertThat(rules.routes().get(0).rollout().percent().basisPoints()).isEqualTo(7);
    assertThat(rules.routes().get(0).rollout().percent().value()).isEqualTo(new BigDecimal("0.07"));
  }

  @Test
  void version_isAStableHashOfTheText() {
    String text = Fixtures.resource("/rules/minimal.yaml");

    String version = Fixtures.rules(text).version();

    assertThat(version).matches("[0-9a-f]{12}");
    assertThat(Fixtures.rules(text).version()).isEqualTo(version);
    assertThat(Fixtures.rules(text + "# a comment\n").version()).isNotEqualTo(version);
    assertThat(version).isEqualTo(RulesFile.versionOf(text));
  }

  @Test
  void version_knownValue() {
    assertThat(RulesFile.versionOf("legacy: http://legacy:8080\n"))
        .isEqualTo(
            org.apache.commons.codec.digest.DigestUtils.sha256Hex(
                    "legacy: http://legacy:8080\n".getBytes(StandardCharsets.UTF_8))
                .substring(0, 12));
  }

  @Test
  void parseFile_readsUtf8(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, Fixtures.resource("/rules/full.yaml"));

    RulesFile rules = Fixtures.PARSER.parse(file);

    assertThat(rules).isEqualTo(Fixtures.rules(Fixtures.resource("/rules/full.yaml")));
  }

  @Test
  void parseFile_missing_isAViolationAtFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.PARSER.parse(file))
        .satisfies(
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new RuleViolation(
                            "<file>", file.toString(), "a readable file (NoSuchFileException)")));
  }

  @Test
  void parseFile_notUtf8_isAViolationAtFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'l', 'e', 'g', 'a', 'c', 'y', ':', ' ', (byte) 0xE9});

    assertThatExceptionOfType(RulesValidationException.class)
        .isThrownBy(() -> Fixtures.PARSER.parse(file))
        .satisfies(
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new RuleViolation("<file>", file.toString(), "a UTF-8 text file")));
  }
}
