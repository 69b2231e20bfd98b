package dev.strangler.loadtests.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final List<String> RESULTS =
      List.of(
          "1\tplain\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0\t10000000000",
          "1\tcanary\t110000\t10000000\t850\t1400\t2700\t8000\t0\t0\t9900000000",
          "2\tcanary\t60000\t10000000\t1500\t2500\t6000\t9000\t0\t0\t6000000000",
          "2\tplain\t50000\t10000000\t1800\t3000\t6000\t12000\t0\t0\t5000000000",
          "3\tplain\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0\t10000000000",
          "3\tcanary\t90000\t10000000\t1000\t1600\t3300\t9000\t2\t1\t9000000000");

  @Test
  void ratio_isTheMedianOfPerRoundRatios() {
    List<BenchReport.Round> rounds = BenchReport.parseResults(RESULTS);

    // per round: 1.1, 1.2, 0.9 -> 1.10; the ratio of medians would be 9000/10000 = 0.90
    assertThat(BenchReport.ratio(rounds, "plain", "canary", BenchReport.Round::requestsPerSecond))
        .isEqualTo("1.10x");
    // per round: 0.9, 1.0, 1.1 -> 1.00
    assertThat(BenchReport.ratio(rounds, "plain", "canary", BenchReport.Round::p99Micros))
        .isEqualTo("1.00x");
    assertThat(BenchReport.ratio(rounds, "plain", "direct", BenchReport.Round::p99Micros))
        .isEqualTo("-");
  }

  @Test
  void render_tableHasMediansAndErrorsPerTarget() {
    String report =
        BenchReport.render(BenchReport.parseResults(RESULTS), "- cpu: 2 cores", List.of());

    assertThat(report)
        .contains(
            "| plain | plain Spring Cloud Gateway route, Path=/** | 10000 | 5000..10000 | 0.90 |"
                + " 3.00 | 1.00x | 1.00x | 100 | 1.00x | 0 | 0 |");
    // CPU per request: 90, 100, 100 µs
    assertThat(report)
        .contains(
            "| canary | Strangler, 50 % sticky canary with circuit breaker | 9000 | 6000..11000 "
                + "| 1.00 | 3.30 | 1.10x | 1.00x | 100 | 1.00x | 2 | 1 |");
    assertThat(report).contains("### Machine and run\n\n- cpu: 2 cores\n");
  }

  @Test
  void render_comparesACandidateWithTheCurrentBuild() {
    List<String> results =
        List.of(
            "1\tcanary\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "1\tcanary-candidate\t120000\t10000000\t800\t1400\t2400\t8000\t0\t0");

    assertThat(BenchReport.render(BenchReport.parseResults(results), "", List.of()))
        .contains("| canary-candidate vs canary | 1.20x | 0.80x | - |");
  }

  @Test
  void splitTable_sumsRequestsByRouteTargetAndOutcome_andNamesOpenBreakers() {
    List<String> scrape =
        List.of(
            "# TYPE strangler_requests_total counter",
            "strangler_requests_total{application=\"strangler\",outcome=\"success\",route=\"canary\",target=\"modern\"}"
                + " 51.0",
            "strangler_requests_total{application=\"strangler\",outcome=\"success\",route=\"canary\",target=\"legacy\"}"
                + " 49.0",
            "strangler_requests_total{application=\"strangler\",outcome=\"fallback\",route=\"canary\",target=\"legacy\"}"
                + " 0.0",
            "resilience4j_circuitbreaker_state{name=\"canary\",state=\"closed\"} 1.0",
            "resilience4j_circuitbreaker_state{name=\"canary\",state=\"open\"} 0.0");

    assertThat(BenchReport.splitTable(scrape))
        .isEqualTo(
            """
            | route | target | outcome | requests |
            | --- | --- | --- | ---: |
            | canary | legacy | success | 49 |
            | canary | modern | success | 51 |

            Circuit breakers at the end: canary: closed.
            """);
  }

  @Test
  void render_comparesShadowRoutesWithTheRouteWithoutShadow() {
    List<String> results =
        List.of(
            "1\tno-shadow\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "1\tslow-shadow\t95000\t10000000\t900\t1500\t3200\t9000\t0\t0",
            "1\tdead-shadow\t80000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "2\tno-shadow\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "2\tslow-shadow\t93000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "2\tdead-shadow\t84000\t10000000\t900\t1500\t3000\t9000\t0\t0");

    String report = BenchReport.render(BenchReport.parseResults(results), "", List.of());

    // slow: 0.95 and 0.93 -> 0.94x req/s, p99 1.0667 and 1.0 -> 1.03x: within 10 %
    assertThat(report).contains("| slow-shadow vs no-shadow | 0.94x | 1.03x | - | yes |");
    // dead: 0.80 and 0.84 -> 0.82x req/s: not within 10 %
    assertThat(report).contains("| dead-shadow vs no-shadow | 0.82x | 1.00x | - | **no** |");
    assertThat(report).doesNotContain("| shadow vs no-shadow");
  }

  @Test
  void render_comparesTheCanaryWithFiltersWithTheCanaryWithout() {
    List<String> results =
        List.of(
            "1\tcanary\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "1\tcanary-filters\t97000\t10000000\t900\t1500\t3100\t9000\t0\t0",
            "2\tcanary\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "2\tcanary-filters\t93000\t10000000\t900\t1500\t3000\t9000\t0\t0");

    String report = BenchReport.render(BenchReport.parseResults(results), "", List.of());

    // 0.97 and 0.93 -> 0.95x req/s, p99 1.033 and 1.0 -> 1.02x: within 5 %
    assertThat(report)
        .contains("two filters on each side")
        .contains("| comparison | req/s | p99 | CPU/req | within 5 % (req/s and p99) |")
        .contains("| canary-filters vs canary | 0.95x | 1.02x | - | yes |");
  }

  @Test
  void render_comparesSpringCloudGatewaysOwnFiltersAndTheRedisStore() {
    List<String> results =
        List.of(
            "1\tplain\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "1\tplain-filters\t90000\t10000000\t900\t1500\t3300\t9000\t0\t0",
            "1\tcanary\t100000\t10000000\t900\t1500\t3000\t9000\t0\t0",
            "1\tcanary-redis\t99000\t10000000\t900\t1500\t3000\t9000\t0\t0");

    String report = BenchReport.render(BenchReport.parseResults(results), "", List.of());

    assertThat(report)
        .contains("| plain-filters vs plain | 0.90x | 1.10x | - | **no** |")
        .contains("redis state store against the file store")
        .contains("| canary-redis vs canary | 0.99x | 1.00x | - | yes |");
  }

  @Test
  void splitTable_countsShadowCopiesByRouteAndResult() {
    List<String> scrape =
        List.of(
            "strangler_shadow_requests_total{application=\"strangler\",result=\"dropped\",route=\"slow-shadow\"}"
                + " 700.0",
            "strangler_shadow_requests_total{application=\"strangler\",result=\"compared\",route=\"slow-shadow\"}"
                + " 300.0",
            "strangler_requests_total{application=\"strangler\",outcome=\"success\",route=\"slow-shadow\",target=\"legacy\"}"
                + " 1000.0");

    assertThat(BenchReport.splitTable(scrape))
        .contains(
            """
            Shadow copies by route and result:

            | route | result | copies |
            | --- | --- | ---: |
            | slow-shadow | compared | 300 |
            | slow-shadow | dropped | 700 |
            """);
  }

  @Test
  void parseResults_refusesAShortLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BenchReport.parseResults(List.of("1\tplain\t3")))
        .withMessageContaining("expected: 10 or 11 tab-separated fields");
  }
}
