package dev.strangler.loadtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Turns the runs of {@code latency.sh} (open model, fixed request rates) into the Markdown report:
 * per rate and target the median over the rounds of p50, p90, p99 and p99.9, the latency each proxy
 * adds to {@code direct} (the median of the per-round differences: both measured within a minute of
 * each other), its CPU per request, and the highest rate each target held with p99 under the limit.
 */
public final class LatencyReport {

  /** The target the added latency is measured against: the backend without a proxy. */
  static final String DIRECT = "direct";

  /** The phase of the rates every target runs in every round. */
  static final String FIXED = "fixed";

  /** p99 a rate must stay under to be held (the issue: 10 ms). */
  static final long HOLD_P99_MICROS = 10_000;

  private LatencyReport() {}

  /**
   * Prints the report.
   *
   * @param args the results file of latency.sh, then optionally the machine description
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("arguments: none (expected: RESULTS_TSV [MACHINE_MD])");
    }
    List<Run> runs = parse(Files.readAllLines(Path.of(args[0])));
    String machine = args.length > 1 ? Files.readString(Path.of(args[1])) : "";
    System.out.print(render(runs, machine));
  }

  /**
   * One measurement: a target at a rate in a round.
   *
   * @param phase {@code fixed} (every round) or {@code search} (rising rates, one round)
   * @param rate requests per second asked for
   * @param round the round, from 1
   * @param target what was measured
   * @param sent requests sent in the measured seconds
   * @param completed of those, answered (or failed)
   * @param p50 latency percentiles in microseconds, from the intended send time
   * @param p90 see p50
   * @param p99 see p50
   * @param p999 see p50
   * @param max the longest
   * @param non2xx answers that were not 2xx or 3xx
   * @param errors requests that failed (connection, timeout)
   * @param dropped requests not sent: too many in flight
   * @param lagP99 how late the generator sent, p99, microseconds
   * @param total every answer of the run, its warm-up included
   * @param cpuNanos CPU time of the serving process during the run
   */
  record Run(
      String phase,
      long rate,
      int round,
      String target,
      long sent,
      long completed,
      long p50,
      long p90,
      long p99,
      long p999,
      long max,
      long non2xx,
      long errors,
      long dropped,
      long lagP99,
      long total,
      long cpuNanos) {

    /** Whether the target held the rate: everything answered, no errors, p99 under the limit. */
    boolean held() {
      return dropped == 0
          && errors == 0
          && non2xx == 0
          && completed >= sent
          && p99 < HOLD_P99_MICROS;
    }

    /** CPU microseconds the serving process spent per answered request. */
    long cpuMicrosPerRequest() {
      return total > 0 ? cpuNanos / 1_000 / total : 0;
    }
  }

  static List<Run> parse(List<String> lines) {
    List<Run> runs = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 17) {
        throw new IllegalArgumentException(
            "results line: " + line + " (expected: 17 tab-separated fields)");
      }
      runs.add(
          new Run(
              f[0],
              Long.parseLong(f[1]),
              Integer.parseInt(f[2]),
              f[3],
              Long.parseLong(f[4]),
              Long.parseLong(f[5]),
              Long.parseLong(f[6]),
              Long.parseLong(f[7]),
              Long.parseLong(f[8]),
              Long.parseLong(f[9]),
              Long.parseLong(f[10]),
              Long.parseLong(f[11]),
              Long.parseLong(f[12]),
              Long.parseLong(f[13]),
              Long.parseLong(f[14]),
              Long.parseLong(f[15]),
              Long.parseLong(f[16])));
    }
    return runs;
  }

  static String render(List<Run> runs, String machine) {
    StringBuilder out = new StringBuilder();
    out.append("## Latency at fixed request rates (open model)\n\n");
    if (!machine.isBlank()) {
      out.append(machine.strip()).append("\n\n");
    }
    Set<String> targets = new LinkedHashSet<>();
    runs.forEach(run -> targets.add(run.target()));
    Set<Long> rates = new TreeSet<>();
    runs.stream().filter(run -> FIXED.equals(run.phase())).forEach(run -> rates.add(run.rate()));

    out.append(
        "Medians over the rounds, milliseconds, latency from the intended send time; added = the"
            + " median of the per-round differences to `direct`.\n\n");
    out.append(
        "| req/s | target | p50 | p90 | p99 | p99.9 | added p50 | added p90 | added p99 |"
            + " added p99.9 | CPU µs/req | held (p99 < 10 ms, no errors) |\n");
    out.append(
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (long rate : rates) {
      List<Run> atRate =
          runs.stream().filter(run -> FIXED.equals(run.phase()) && run.rate() == rate).toList();
      for (String target : targets) {
        List<Run> mine = atRate.stream().filter(run -> run.target().equals(target)).toList();
        if (mine.isEmpty()) {
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                rate,
                target,
                millis(median(mine, Run::p50)),
                millis(median(mine, Run::p90)),
                millis(median(mine, Run::p99)),
                millis(median(mine, Run::p999)),
                added(atRate, target, Run::p50),
                added(atRate, target, Run::p90),
                added(atRate, target, Run::p99),
                added(atRate, target, Run::p999),
                median(mine, Run::cpuMicrosPerRequest),
                heldCount(mine)));
      }
    }
    out.append("\nHighest rate held (p99 under 10 ms, every request answered without error):\n\n");
    out.append("| target | highest rate held | first rate not held |\n| --- | ---: | ---: |\n");
    for (String target : targets) {
      Map<Long, Boolean> byRate = heldByRate(runs, target);
      Optional<Long> highest =
          byRate.entrySet().stream()
              .filter(entry -> entry.getValue())
              .map(Map.Entry::getKey)
              .reduce((a, b) -> b);
      Optional<Long> failed =
          byRate.entrySet().stream()
              .filter(entry -> !entry.getValue())
              .map(Map.Entry::getKey)
              .findFirst();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |%n",
              target,
              highest.map(String::valueOf).orElse("none"),
              failed.map(String::valueOf).orElse("none tried")));
    }
    out.append("\nVerdict (issue 15, item 1):\n\n");
    for (long rate : rates) {
      List<Run> atRate =
          runs.stream().filter(run -> FIXED.equals(run.phase()) && run.rate() == rate).toList();
      Optional<Long> canary = addedMicros(atRate, "canary", Run::p99);
      Optional<Long> plain = addedMicros(atRate, "plain", Run::p99);
      if (canary.isPresent() && plain.isPresent()) {
        out.append(
            String.format(
                Locale.ROOT,
                "- %d req/s: canary adds %s ms p99, plain %s ms: %s%s%n",
                rate,
                millis(canary.get()),
                millis(plain.get()),
                canary.get() <= plain.get() ? "no more than plain" : "**more than plain**",
                rate == 1000
                    ? canary.get() <= 1000
                        ? "; at most 1 ms: **met**"
                        : "; at most 1 ms: **not met**"
                    : ""));
      }
    }
    out.append("\nPer run (µs; lag = the generator's own p99 delay after the intended time):\n\n");
    out.append(
        "| phase | req/s | round | target | sent | p50 | p90 | p99 | p99.9 | max | non-2xx |"
            + " errors | not sent | lag p99 | CPU µs/req |\n");
    out.append(
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            + " ---: | ---: |\n");
    for (Run run : runs) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n",
              run.phase(),
              run.rate(),
              run.round(),
              run.target(),
              run.sent(),
              run.p50(),
              run.p90(),
              run.p99(),
              run.p999(),
              run.max(),
              run.non2xx(),
              run.errors(),
              run.dropped(),
              run.lagP99(),
              run.cpuMicrosPerRequest()));
    }
    return out.toString();
  }

  /** Whether the target held each rate it ran at, in rising order: all its rounds held. */
  static Map<Long, Boolean> heldByRate(List<Run> runs, String target) {
    Map<Long, Boolean> byRate = new TreeMap<>();
    for (Run run : runs) {
      if (run.target().equals(target)) {
        byRate.merge(run.rate(), run.held(), Boolean::logicalAnd);
      }
    }
    return byRate;
  }

  private static String heldCount(List<Run> runs) {
    long held = runs.stream().filter(Run::held).count();
    return held == runs.size() ? "yes" : held + " of " + runs.size() + " rounds";
  }

  /** The median over the rounds of this target's figure minus direct's in the same round. */
  static Optional<Long> addedMicros(List<Run> atRate, String target, ToLongFunction<Run> figure) {
    Map<Integer, Long> direct =
        atRate.stream()
            .filter(run -> run.target().equals(DIRECT))
            .collect(Collectors.toMap(Run::round, figure::applyAsLong, (a, b) -> a));
    long[] differences =
        atRate.stream()
            .filter(run -> run.target().equals(target) && direct.containsKey(run.round()))
            .mapToLong(run -> figure.applyAsLong(run) - direct.getOrDefault(run.round(), 0L))
            .toArray();
    return differences.length == 0 ? Optional.empty() : Optional.of(median(differences));
  }

  private static String added(List<Run> atRate, String target, ToLongFunction<Run> figure) {
    if (DIRECT.equals(target)) {
      return "-";
    }
    return addedMicros(atRate, target, figure).map(LatencyReport::signedMillis).orElse("-");
  }

  static long median(List<Run> runs, ToLongFunction<Run> figure) {
    return median(runs.stream().mapToLong(figure).toArray());
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }

  private static String signedMillis(long micros) {
    return String.format(Locale.ROOT, "%+.2f", micros / 1000.0);
  }
}
