package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.rules.RulesValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class StartupIT {

  @Test
  void invalidRulesAtStartUp_stopTheGateway_namingPathAndValue(
      @TempDir Path dir, CapturedOutput output) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        """
        legacy: http://127.0.0.1:1
        routes:
          - id: Orders!
            paths: [/api/orders/**]
            modern: http://127.0.0.1:2
            mode: canary
            percent: 150
        """);

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(StranglerApplication.class)
                    .run(
                        "--strangler.rules.location=" + file,
                        "--server.port=0",
                        "--management.server.port=0"))
        .hasRootCauseInstanceOf(RulesValidationException.class);

    assertThat(output)
        .contains("routes[0].percent: 150 (expected: 0..100)")
        .contains("routes[0].id: Orders!");
  }

  @Test
  void invalidFiltersAtStartUp_stopTheGateway_namingEachEntry(
      @TempDir Path dir, CapturedOutput output) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        """
        legacy: http://127.0.0.1:1
        routes:
          - id: orders
            paths: [/api/orders/**]
            modern: http://127.0.0.1:2
            mode: canary
            modern-filters: [StripPrefix=1, Foo=1, "SetPath=/v2/{id}"]
            legacy-filters: ["SetRequestHeader=X-A, #{@environment}", AddResponseHeader=X-B]
        """);

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(StranglerApplication.class)
                    .run(
                        "--strangler.rules.location=" + file,
                        "--server.port=0",
                        "--management.server.port=0"))
        .hasRootCauseInstanceOf(RulesValidationException.class);

    assertThat(output)
        .contains("routes[0].modern-filters[1]: Foo=1 (expected: one of StripPrefix,")
        .contains(
            "routes[0].modern-filters[2]: SetPath=/v2/{id} (expected: template variables that"
                + " every path of the route captures; /api/orders/** has no {id})")
        .contains(
            "routes[0].legacy-filters[0]: SetRequestHeader=X-A, #{@environment} (expected: no #{"
                + " in a filter: no expression is evaluated from the rules file)")
        .contains(
            "routes[0].legacy-filters[1]: AddResponseHeader=X-B (expected: a filter that shapes"
                + " the request; AddResponseHeader changes the backend's answer");
  }

  @Test
  void scgsOwnNettyRoutingFilterSwitchedBackOn_stopsTheGateway(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "legacy: http://127.0.0.1:1\n");

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(StranglerApplication.class)
                    .run(
                        "--strangler.rules.location=" + file,
                        "--server.port=0",
                        "--management.server.port=0",
                        "--spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled=true"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("global-filter.netty-routing.enabled: true (expected: false;");
  }

  @Test
  void missingRulesLocation_stopsTheGatewayWithTheReason(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(StranglerApplication.class)
                    .run("--server.port=0", "--management.server.port=0"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains("Property: strangler.rules.location")
        .contains("(expected: the path of the rules file)");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          strangler.shadow.maxConcurrent            | -1    | Value: "-1"      | (expected: 1..10000)
          strangler.shadow.maxConcurrentPerRoute    | 0     | Value: "0"       | (expected: 1..strangler.shadow.max-concurrent)
          strangler.shadow.max-concurrent-per-route | 65    | per-route: 65    | (expected: 1..64, at most strangler.shadow.max-concurrent)
          strangler.shadow.max-compare-bytes        | 0B    | bytes: 0B        | (expected: 1B..2147483647B)
          strangler.replay.max-body-bytes           | -1B   | bytes: -1B       | (expected: 0B..2147483647B)
          strangler.rules.pollInterval              | 0s    | Value: "PT0S"    | (expected: 10ms..1m)
          strangler.plans.evaluateInterval          | 2h    | Value: "PT2H"    | (expected: 10ms..1h)
          strangler.state.auditCapacity             | 0     | Value: "0"       | (expected: 1..1000000)
          strangler.state.store                     | disk  | store: disk      | (expected: file or redis)
          strangler.admin.token                     | short | Value: "short"   | (expected: at least 16 characters without spaces, or unset)
          strangler.override.token                  | a b   | Value: "a b"     | (expected: printable characters without spaces, or unset)
          """)
  void badProperty_stopsTheGateway_namingThePropertyItsValueAndWhy(
      String property,
      String value,
      String shown,
      String expected,
      @TempDir Path dir,
      CapturedOutput output)
      throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "legacy: http://127.0.0.1:1\n");

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(StranglerApplication.class)
                    .run(
                        "--strangler.rules.location=" + file,
                        "--server.port=0",
                        "--management.server.port=0",
                        "--strangler.state.file=" + dir.resolve("state.json"),
                        "--" + property + "=" + value))
        .isInstanceOf(RuntimeException.class);

    assertThat(output).contains(property).contains(shown).contains(expected);
  }
}
