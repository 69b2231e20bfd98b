package dev.strangler.loadtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the rounds that {@code bench.sh} measured into the Markdown report.
 *
 * <p>Every figure of a target is the median over the rounds, so one disturbed round does not move
 * it. The ratios to the plain gateway are taken within each round first, between measurements a
 * minute apart at most, and then their median is reported: on a machine whose load drifts this is
 * steadier than a ratio of two medians.
 */
public final class BenchReport {

  /** The target every ratio is relative to. */
  static final String BASELINE = "plain";

  /** Suffix of the targets of a second Strangler gateway with a change under test. */
  static final String CANDIDATE = "-candidate";

  /** The target the shadow routes are compared with: the same route without shadow. */
  static final String NO_SHADOW = "no-shadow";

  /** The shadow targets compared with {@link #NO_SHADOW}, in the order of the report. */
  static final List<String> SHADOW_TARGETS = List.of("shadow", "slow-shadow", "dead-shadow");

  /** How far a shadow route may fall behind the same route without shadow (issue 4: 10 %). */
  static final double SHADOW_TOLERANCE = 0.10;

  /** The canary route with filters on both sides, compared with {@code canary}. */
  static final String FILTERS = "canary-filters";

  /** How far the canary route with two filters may fall behind it without them (issue 17: 5 %). */
  static final double FILTERS_TOLERANCE = 0.05;

  /** Spring Cloud Gateway's own route with the same two filters, compared with {@code plain}. */
  static final String PLAIN_FILTERS = "plain-filters";

  /** The canary route on a gateway with the redis state store, compared with {@code canary}. */
  static final String REDIS = "canary-redis";

  /** How far the canary route on the redis store may fall behind the file store (issue 12: 5 %). */
  static final double REDIS_TOLERANCE = 0.05;

  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry("direct", "the fast backend, no proxy"),
          Map.entry(BASELINE, "plain Spring Cloud Gateway route, Path=/**"),
          Map.entry("canary", "Strangler, 50 % sticky canary with circuit breaker"),
          Map.entry("shadow", "Strangler, 100 % shadow route"),
          Map.entry(NO_SHADOW, "Strangler, the same route in legacy mode: no shadow"),
          Map.entry("slow-shadow", "Strangler, 100 % shadow, shadow side 300 ms slow"),
          Map.entry("dead-shadow", "Strangler, 100 % shadow, nothing listens on the shadow side"),
          Map.entry(FILTERS, "Strangler, the same canary route with two filters on each side"),
          Map.entry(PLAIN_FILTERS, "plain Spring Cloud Gateway, the same two filters"),
          Map.entry(REDIS, "Strangler with the redis state store, same canary route"),
          Map.entry("canary" + CANDIDATE, "candidate build, same canary route"),
          Map.entry("shadow" + CANDIDATE, "candidate build, same shadow route"));

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");

  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private BenchReport() {}

  /**
   * Prints the report.
   *
   * @param args the results file of bench.sh, then optionally the machine description (Markdown)
   *     and a Prometheus scrape of the Strangler gateway taken at the end
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "args: none (expected: results.tsv [machine.md] [metrics.txt])");
    }
    List<Round> rounds = parseResults(Files.readAllLines(Path.of(args[0])));
    String machine =
        args.length > 1 && Files.exists(Path.of(args[1])) ? Files.readString(Path.of(args[1])) : "";
    List<String> metrics =
        args.length > 2 && Files.exists(Path.of(args[2]))
            ? Files.readAllLines(Path.of(args[2]))
            : List.of();
    System.out.print(render(rounds, machine, metrics));
  }

  /**
   * One measurement of one target in one round, as wrk reported it (times in microseconds), with
   * the CPU time the serving process used meanwhile ({@code -1} when not measured).
   */
  record Round(
      int round,
      String target,
      long requests,
      long durationMicros,
      long p50Micros,
      long p90Micros,
      long p99Micros,
      long maxMicros,
      long non2xx,
      long socketErrors,
      long cpuNanos) {

    double requestsPerSecond() {
      return requests * 1_000_000.0 / durationMicros;
    }

    /**
     * CPU microseconds per request of the process that served it: its own cost, whatever else ran.
     */
    double cpuMicrosPerRequest() {
      return cpuNanos < 0 || requests == 0 ? Double.NaN : cpuNanos / 1000.0 / requests;
    }
  }

  static List<Round> parseResults(List<String> lines) {
    List<Round> rounds = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 10 && f.length != 11) {
        throw new IllegalArgumentException(
            "results line: " + line + " (expected: 10 or 11 tab-separated fields)");
      }
      rounds.add(
          new Round(
              Integer.parseInt(f[0]),
              f[1],
              Long.parseLong(f[2]),
              Long.parseLong(f[3]),
              Long.parseLong(f[4]),
              Long.parseLong(f[5]),
              Long.parseLong(f[6]),
              Long.parseLong(f[7]),
              Long.parseLong(f[8]),
              Long.parseLong(f[9]),
              f.length == 11 && !f[10].isEmpty() ? Long.parseLong(f[10]) : -1));
    }
    return rounds;
  }

  static String render(List<Round> rounds, String machine, List<String> metrics) {
    Map<String, List<Round>> byTarget = new LinkedHashMap<>();
    for (Round round : rounds) {
      byTarget.computeIfAbsent(round.target(), t -> new ArrayList<>()).add(round);
    }
    StringBuilder out = new StringBuilder("## Benchmark results\n\n");
    out.append("Medians over ")
        .append(rounds.stream().mapToInt(Round::round).distinct().count())
        .append(" interleaved rounds; ratios are medians of the per-round ratios to `")
        .append(BASELINE)
        .append("`.\n\n");
    out.append(
        "| target | what | req/s | req/s min..max | p50 ms | p99 ms | req/s vs plain | p99 vs plain"
            + " | CPU µs/req | CPU/req vs plain | non-2xx | socket errors |\n");
    out.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<Round>> entry : byTarget.entrySet()) {
      String target = entry.getKey();
      List<Round> measured = entry.getValue();
      double[] rates = measured.stream().mapToDouble(Round::requestsPerSecond).sorted().toArray();
      out.append("| ")
          .append(target)
          .append(" | ")
          .append(DESCRIPTIONS.getOrDefault(target, ""))
          .append(" | ")
          .append(format("%.0f", median(rates)))
          .append(" | ")
          .append(format("%.0f..%.0f", rates[0], rates[rates.length - 1]))
          .append(" | ")
          .append(millis(median(measured, Round::p50Micros)))
          .append(" | ")
          .append(millis(median(measured, Round::p99Micros)))
          .append(" | ")
          .append(ratio(rounds, BASELINE, target, Round::requestsPerSecond))
          .append(" | ")
          .append(ratio(rounds, BASELINE, target, Round::p99Micros))
          .append(" | ")
          .append(cpu(measured))
          .append(" | ")
          .append(ratio(rounds, BASELINE, target, Round::cpuMicrosPerRequest))
          .append(" | ")
          .append(measured.stream().mapToLong(Round::non2xx).sum())
          .append(" | ")
          .append(measured.stream().mapToLong(Round::socketErrors).sum())
          .append(" |\n");
    }
    StringBuilder candidates = new StringBuilder();
    for (String target : byTarget.keySet()) {
      String current =
          target.endsWith(CANDIDATE)
              ? target.substring(0, target.length() - CANDIDATE.length())
              : null;
      if (current != null && byTarget.containsKey(current)) {
        candidates
            .append("| ")
            .append(target)
            .append(" vs ")
            .append(current)
            .append(" | ")
            .append(ratio(rounds, current, target, Round::requestsPerSecond))
            .append(" | ")
            .append(ratio(rounds, current, target, Round::p99Micros))
            .append(" | ")
            .append(ratio(rounds, current, target, Round::cpuMicrosPerRequest))
            .append(" |\n");
      }
    }
    String shadowCost = shadowCost(rounds, byTarget.keySet());
    if (!shadowCost.isEmpty()) {
      out.append(
              "\n"
                  + "### Shadow routes against the same route without shadow (medians of per-round"
                  + " ratios)\n\n")
          .append(shadowCost);
    }
    String filtersCost =
        costTable(rounds, byTarget.keySet(), "canary", List.of(FILTERS), FILTERS_TOLERANCE);
    String plainFiltersCost =
        costTable(rounds, byTarget.keySet(), BASELINE, List.of(PLAIN_FILTERS), FILTERS_TOLERANCE);
    if (!filtersCost.isEmpty() || !plainFiltersCost.isEmpty()) {
      out.append(
              "\n### Routes with two filters against them without (medians of per-round"
                  + " ratios)\n\n")
          .append(filtersCost);
      if (!filtersCost.isEmpty() && !plainFiltersCost.isEmpty()) {
        out.append('\n');
      }
      out.append(plainFiltersCost);
    }
    String redisCost =
        costTable(rounds, byTarget.keySet(), "canary", List.of(REDIS), REDIS_TOLERANCE);
    if (!redisCost.isEmpty()) {
      out.append(
              "\n### The canary route on the redis state store against the file store (medians"
                  + " of per-round ratios)\n\n")
          .append(redisCost);
    }
    if (!candidates.isEmpty()) {
      out.append("\n### Candidate against the current build (medians of per-round ratios)\n\n")
          .append("| comparison | req/s | p99 | CPU/req |\n| --- | ---: | ---: | ---: |\n")
          .append(candidates);
    }
    if (!machine.isBlank()) {
      out.append("\n### Machine and run\n\n").append(machine.strip()).append('\n');
    }
    String split = splitTable(metrics);
    if (!split.isEmpty()) {
      out.append("\n### What the Strangler gateway counted\n\n").append(split);
    }
    return out.toString();
  }

  /**
   * Each shadow target against {@link #NO_SHADOW}: the client's throughput and p99 must stay within
   * {@link #SHADOW_TOLERANCE} of the route without shadow, whatever the shadow side does.
   */
  static String shadowCost(List<Round> rounds, Set<String> targets) {
    return costTable(rounds, targets, NO_SHADOW, SHADOW_TARGETS, SHADOW_TOLERANCE);
  }

  /**
   * Targets against a reference route measured in the same rounds: each must stay within {@code
   * tolerance} of the reference in throughput and p99.
   */
  static String costTable(
      List<Round> rounds,
      Set<String> targets,
      String reference,
      List<String> compared,
      double tolerance) {
    if (!targets.contains(reference)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String target : compared) {
      if (!targets.contains(target)) {
        continue;
      }
      double throughput = ratioValue(rounds, reference, target, Round::requestsPerSecond);
      double p99 = ratioValue(rounds, reference, target, Round::p99Micros);
      boolean within = throughput >= 1 - tolerance && p99 <= 1 + tolerance;
      out.append("| ")
          .append(target)
          .append(" vs ")
          .append(reference)
          .append(" | ")
          .append(format("%.2fx", throughput))
          .append(" | ")
          .append(format("%.2fx", p99))
          .append(" | ")
          .append(ratio(rounds, reference, target, Round::cpuMicrosPerRequest))
          .append(" | ")
          .append(within ? "yes" : "**no**")
          .append(" |\n");
    }
    if (out.isEmpty()) {
      return "";
    }
    return "| comparison | req/s | p99 | CPU/req | within "
        + format("%.0f", tolerance * 100)
        + " % (req/s and p99) |\n| --- | ---: | ---: | ---: | --- |\n"
        + out;
  }

  /** Median over the rounds of this target's figure divided by the baseline's in the same round. */
  static String ratio(
      List<Round> rounds, String baselineTarget, String target, ToDoubleFunction<Round> figure) {
    double ratio = ratioValue(rounds, baselineTarget, target, figure);
    return Double.isNaN(ratio) ? "-" : format("%.2fx", ratio);
  }

  /** {@link #ratio} as a number; NaN when no round has both targets. */
  static double ratioValue(
      List<Round> rounds, String baselineTarget, String target, ToDoubleFunction<Round> figure) {
    Map<Integer, Round> baseline = new TreeMap<>();
    rounds.stream()
        .filter(r -> r.target().equals(baselineTarget))
        .forEach(r -> baseline.put(r.round(), r));
    double[] ratios =
        rounds.stream()
            .filter(r -> r.target().equals(target) && baseline.containsKey(r.round()))
            .mapToDouble(
                r -> figure.applyAsDouble(r) / figure.applyAsDouble(baseline.get(r.round())))
            .filter(ratio -> !Double.isNaN(ratio))
            .sorted()
            .toArray();
    return ratios.length == 0 ? Double.NaN : median(ratios);
  }

  /**
   * Requests by route, side and outcome, shadow copies by route and result, and the circuit breaker
   * states, from Prometheus scrapes (one per fork, summed): shows that the canary really split its
   * users, how many copies a slow or dead shadow side dropped, and whether a breaker opened.
   */
  static String splitTable(List<String> metrics) {
    Map<String, Double> requests = new TreeMap<>();
    Map<String, Double> shadows = new TreeMap<>();
    Set<String> breakers = new LinkedHashSet<>();
    for (String line : metrics) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.find()) {
        continue;
      }
      Map<String, String> labels = labels(sample.group(2));
      double value = Double.parseDouble(sample.group(3));
      if (sample.group(1).equals("strangler_requests_total") && value > 0) {
        requests.merge(
            "| "
                + labels.get("route")
                + " | "
                + labels.get("target")
                + " | "
                + labels.get("outcome")
                + " |",
            value,
            Double::sum);
      } else if (sample.group(1).equals("strangler_shadow_requests_total") && value > 0) {
        shadows.merge(
            "| " + labels.get("route") + " | " + labels.get("result") + " |", value, Double::sum);
      } else if (sample.group(1).equals("resilience4j_circuitbreaker_state") && value == 1.0) {
        breakers.add(labels.get("name") + ": " + labels.get("state"));
      }
    }
    if (requests.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("| route | target | outcome | requests |\n| --- | --- | --- | ---: |\n");
    requests.forEach(
        (key, value) -> out.append(key).append(' ').append(format("%.0f", value)).append(" |\n"));
    if (!shadows.isEmpty()) {
      out.append(
          """

          Shadow copies by route and result:

          | route | result | copies |
          | --- | --- | ---: |
          """);
      shadows.forEach(
          (key, value) -> out.append(key).append(' ').append(format("%.0f", value)).append(" |\n"));
    }
    if (!breakers.isEmpty()) {
      out.append("\nCircuit breakers at the end: ")
          .append(String.join(", ", breakers))
          .append(".\n");
    }
    return out.toString();
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    Matcher label = LABEL.matcher(text);
    while (label.find()) {
      labels.put(label.group(1), label.group(2));
    }
    return labels;
  }

  private static String cpu(List<Round> rounds) {
    double[] values =
        rounds.stream()
            .mapToDouble(Round::cpuMicrosPerRequest)
            .filter(v -> !Double.isNaN(v))
            .toArray();
    return values.length == 0 ? "-" : format("%.0f", median(values));
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
    return median(rounds.stream().mapToDouble(figure).sorted().toArray());
  }

  static double median(double[] sorted) {
    double[] values = sorted.clone();
    Arrays.sort(values);
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  private static String millis(double micros) {
    return format("%.2f", micros / 1000);
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
