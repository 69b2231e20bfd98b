package dev.strangler.shadow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The running diff report of one route: how many mirrored pairs were compared, how many differed,
 * and per field the kind, severity, count, rate, noise verdict and a few redacted samples.
 *
 * <p><b>Fields.</b> Differences are aggregated by path with array indices replaced by {@code [*]}
 * ({@code $.items[3].price} and {@code $.items[7].price} are one field). Each field has one row per
 * kind and severity seen there. Counts are of pairs: a pair with several differences in one row
 * counts once.
 *
 * <p><b>Noise</b> (Diffy's method). When the gateway also called a secondary legacy instance, it
 * passes the differences between legacy and the secondary as {@code noise}. Over the pairs that had
 * a secondary, a field whose legacy-vs-modern rate does not exceed its legacy-vs-secondary rate by
 * both {@link NoiseThresholds} is noise: it is still listed, flagged {@code noise}, but a pair
 * whose differences are all on noise fields counts as {@code noise}, not {@code differing}, and
 * stays out of {@link #diffRate()} and {@link #breakingRate()}. A pair is classified when it is
 * recorded, with the evidence gathered so far; a field's flag in {@link #view()} uses all evidence.
 * A field that never differed in a pair with a secondary, and every field of a route without a
 * secondary, is not noise.
 *
 * <p><b>Memory</b> is bounded whatever the traffic: at most {@code maxFields} fields, held in a
 * Caffeine cache bounded by size (Caffeine's W-TinyLFU policy: the field evicted is one seen
 * neither recently nor often, so a flood of one-off paths cannot push out the fields that matter;
 * evictions are counted by {@link #evictedFields()}), at most 18 rows per field (kinds times
 * severities, in practice two or three), at most {@code samplesPerField} samples per row, each
 * value cut to {@link #MAX_SAMPLE_VALUE_CHARS} characters.
 *
 * <p><b>Redaction.</b> Sample values at a path matching one of {@code redactFields} (the JSONPath
 * subset of {@link CompareOptions}) are replaced by {@code "***redacted***"}; inside a JSON object
 * or array value, every member or element whose full path matches is replaced. A value that looks
 * like JSON but cannot be parsed is replaced whole. Sensitive headers never reach a report, as
 * snapshots never hold them.
 *
 * <p>Thread-safe: the gateway records from any thread while the admin API reads views.
 */
public final class DiffReport {

  /** The longest sample value kept, in characters; longer values are cut and end with {@code …}. */
  public static final int MAX_SAMPLE_VALUE_CHARS = 1024;

  /** The most fields a report may be created with. */
  public static final int MAX_FIELDS_LIMIT = 100_000;

  /** The most samples per field a report may be created with. */
  public static final int MAX_SAMPLES_PER_FIELD_LIMIT = 100;

  private static final Comparator<FieldView> MOST_FREQUENT_FIRST =
      Comparator.comparingLong(FieldView::count)
          .reversed()
          .thenComparing(FieldView::path)
          .thenComparing(FieldView::kind)
          .thenComparing(FieldView::severity);

  private final String routeId;
  private final NoiseThresholds thresholds;
  private final Redactor redactor;
  private final int maxFields;
  private final int samplesPerField;
  private final Clock clock;
  private volatile Window window;

  private DiffReport(
      String routeId,
      NoiseThresholds thresholds,
      Redactor redactor,
      int maxFields,
      int samplesPerField,
      Clock clock) {
    this.routeId = routeId;
    this.thresholds = thresholds;
    this.redactor = redactor;
    this.maxFields = maxFields;
    this.samplesPerField = samplesPerField;
    this.clock = clock;
    this.window = new Window(maxFields);
  }

  /**
   * Creates an empty report.
   *
   * @param routeId the route id, not blank
   * @param thresholds when a field is noise, usually {@link NoiseThresholds#defaults()}
   * @param redactFields paths whose sample values are redacted (the route's {@code redact-fields}),
   *     may be empty
   * @param maxFields the most fields kept, {@code 1..}{@value #MAX_FIELDS_LIMIT}
   * @param samplesPerField the most samples kept per row, {@code 0..}{@value
   *     #MAX_SAMPLES_PER_FIELD_LIMIT}
   * @param clock stamps the samples
   * @return the report
   * @throws IllegalArgumentException when routeId is blank, a bound is exceeded, or a redactFields
   *     expression is invalid (naming {@code redactFields[i]} and the expression)
   * @throws NullPointerException when an argument is null
   */
  public static DiffReport create(
      String routeId,
      NoiseThresholds thresholds,
      List<String> redactFields,
      int maxFields,
      int samplesPerField,
      Clock clock) {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(redactFields, "redactFields");
    Objects.requireNonNull(clock, "clock");
    if (routeId.isBlank()) {
      throw new IllegalArgumentException("routeId: \"" + routeId + "\" (expected: not blank)");
    }
    if (maxFields < 1 || maxFields > MAX_FIELDS_LIMIT) {
      throw new IllegalArgumentException(
          "maxFields: " + maxFields + " (expected: 1.." + MAX_FIELDS_LIMIT + ")");
    }
    if (samplesPerField < 0 || samplesPerField > MAX_SAMPLES_PER_FIELD_LIMIT) {
      throw new IllegalArgumentException(
          "samplesPerField: "
              + samplesPerField
              + " (expected: 0.."
              + MAX_SAMPLES_PER_FIELD_LIMIT
              + ")");
    }
    Redactor redactor = Redactor.of(List.copyOf(redactFields));
    return new DiffReport(routeId, thresholds, redactor, maxFields, samplesPerField, clock);
  }

  /**
   * The route this report belongs to.
   *
   * @return the route id
   */
  public String routeId() {
    return routeId;
  }

  /**
   * Records one compared pair.
   *
   * @param requestId the mirrored request's id, kept with samples
   * @param raw the differences between legacy and modern, empty when they agreed
   * @param noise the differences between legacy and the secondary legacy instance, empty when they
   *     agreed, {@code null} when no secondary was called
   * @return the differences of {@code raw} whose field is judged real, not noise: what the diff
   *     rate counts, and what a metric of differences should count (all of {@code raw} without a
   *     secondary)
   * @throws NullPointerException when requestId or raw is null
   */
  public List<Difference> record(
      String requestId, List<Difference> raw, @Nullable List<Difference> noise) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(raw, "raw");
    Window current = window;
    current.compared.increment();
    boolean withSecondary = noise != null;
    if (noise != null) {
      current.withSecondary.increment();
      Set<String> noiseFields = new HashSet<>();
      for (Difference difference : noise) {
        noiseFields.add(JsonPath.normalizeIndices(difference.path()));
      }
      for (String field : noiseFields) {
        current.field(field).recordNoise();
      }
    }
    if (raw.isEmpty()) {
      return raw;
    }
    long pairsWithSecondary = current.withSecondary.sum();
    Instant at = clock.instant();
    List<Difference> real = new ArrayList<>(raw.size());
    boolean realBreaking = false;
    for (Map.Entry<String, List<Difference>> field : byField(raw).entrySet()) {
      List<FieldStats.Observation> observations = observe(field.getValue(), requestId, at);
      boolean isNoise =
          current
              .field(field.getKey())
              .recordRaw(
                  observations, withSecondary, pairsWithSecondary, thresholds, samplesPerField);
      if (!isNoise) {
        real.addAll(field.getValue());
        for (FieldStats.Observation observation : observations) {
          realBreaking |= observation.severity() == Severity.BREAKING;
        }
      }
    }
    if (!real.isEmpty()) {
      current.differing.increment();
    } else {
      current.noise.increment();
    }
    if (realBreaking) {
      current.breaking.increment();
    }
    return real;
  }

  private static Map<String, List<Difference>> byField(List<Difference> raw) {
    Map<String, List<Difference>> byField = new LinkedHashMap<>();
    for (Difference difference : raw) {
      byField
          .computeIfAbsent(JsonPath.normalizeIndices(difference.path()), f -> new ArrayList<>(2))
          .add(difference);
    }
    return byField;
  }

  /** The first difference of each kind and severity at one field, with its redacted sample. */
  private List<FieldStats.Observation> observe(
      List<Difference> differences, String requestId, Instant at) {
    List<FieldStats.Observation> observations = new ArrayList<>(differences.size());
    for (Difference difference : differences) {
      boolean seen = false;
      for (FieldStats.Observation observation : observations) {
        seen |=
            observation.kind() == difference.kind()
                && observation.severity() == difference.severity();
      }
      if (seen) {
        continue;
      }
      SampleView sample = null;
      if (samplesPerField > 0) {
        sample =
            new SampleView(
                sampleValue(difference.path(), difference.legacyValue()),
                sampleValue(difference.path(), difference.modernValue()),
                requestId,
                at);
      }
      observations.add(
          new FieldStats.Observation(difference.kind(), difference.severity(), sample));
    }
    return observations;
  }

  private @Nullable String sampleValue(String path, @Nullable String value) {
    String redacted = redactor.redact(path, value);
    if (redacted == null || redacted.length() <= MAX_SAMPLE_VALUE_CHARS) {
      return redacted;
    }
    int cut = MAX_SAMPLE_VALUE_CHARS - 1;
    if (Character.isHighSurrogate(redacted.charAt(cut - 1))) {
      cut--;
    }
    return redacted.substring(0, cut) + "…";
  }

  /**
   * A consistent-enough copy of the report for the admin API: each counter is exact, counters read
   * while other threads record may be one pair apart.
   *
   * @return the view, fields most frequent first
   */
  public DiffReportView view() {
    Window current = window;
    current.fields.cleanUp();
    long compared = current.compared.sum();
    long pairsWithSecondary = current.withSecondary.sum();
    List<FieldView> fields = new ArrayList<>();
    for (FieldStats field : current.fields.asMap().values()) {
      field.addViews(fields, compared, pairsWithSecondary, thresholds);
    }
    fields.sort(MOST_FREQUENT_FIRST);
    long differing = current.differing.sum();
    return new DiffReportView(
        routeId,
        compared,
        differing,
        current.noise.sum(),
        rate(differing, compared),
        current.evictedFields.sum(),
        fields);
  }

  /**
   * Forgets everything recorded: counters, fields and samples. Records in flight may land in
   * either.
   */
  public void reset() {
    window = new Window(maxFields);
  }

  /**
   * Pairs recorded.
   *
   * @return pairs compared since creation or the last reset
   */
  public long compared() {
    return window.compared.sum();
  }

  /**
   * Pairs with at least one difference on a field that was not noise.
   *
   * @return the differing pairs
   */
  public long differing() {
    return window.differing.sum();
  }

  /**
   * Pairs with differences, all of them on noise fields.
   *
   * @return the noise pairs
   */
  public long noise() {
    return window.noise.sum();
  }

  /**
   * Pairs with at least one breaking difference on a field that was not noise.
   *
   * @return the breaking pairs
   */
  public long breaking() {
    return window.breaking.sum();
  }

  /**
   * Share of compared pairs that differed, noise left out.
   *
   * @return {@code differing / compared}, {@code 0..1}, {@code 0} when nothing was compared
   */
  public double diffRate() {
    Window current = window;
    return rate(current.differing.sum(), current.compared.sum());
  }

  /**
   * Share of compared pairs with at least one breaking difference on a field that is not noise;
   * what a rollout plan's {@code max-diff-rate} gate reads (as a fraction, the gate's percent /
   * 100).
   *
   * @return {@code breaking / compared}, {@code 0..1}, {@code 0} when nothing was compared
   */
  public double breakingRate() {
    Window current = window;
    return rate(current.breaking.sum(), current.compared.sum());
  }

  /**
   * Fields dropped to keep the report within {@code maxFields}.
   *
   * @return evictions since creation or the last reset
   */
  public long evictedFields() {
    return window.evictedFields.sum();
  }

  /**
   * Fields currently held, noise-only ones included.
   *
   * @return at most {@code maxFields}
   */
  public long fieldCount() {
    Window current = window;
    current.fields.cleanUp();
    return current.fields.estimatedSize();
  }

  private static double rate(long count, long compared) {
    return compared == 0 ? 0 : Math.min(1.0, (double) count / compared);
  }

  @Override
  public String toString() {
    return "DiffReport[route=" + routeId + ", compared=" + compared() + "]";
  }

  /** Everything {@link #reset()} forgets, swapped as one so a record lands wholly on one side. */
  private static final class Window {
    final LongAdder compared = new LongAdder();
    final LongAdder withSecondary = new LongAdder();
    final LongAdder differing = new LongAdder();
    final LongAdder noise = new LongAdder();
    final LongAdder breaking = new LongAdder();
    final LongAdder evictedFields = new LongAdder();
    final Cache<String, FieldStats> fields;

    Window(int maxFields) {
      fields =
          Caffeine.newBuilder()
              .maximumSize(maxFields)
              .executor(Runnable::run)
              .evictionListener(
                  (path, stats, cause) -> {
                    if (cause.wasEvicted()) {
                      evictedFields.increment();
                    }
                  })
              .build();
    }

    FieldStats field(String path) {
      return fields.get(path, FieldStats::new);
    }
  }
}
