package dev.strangler.shadow;

import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The counters and samples of one field (a normalized path) of a {@link DiffReport}.
 *
 * <p>Design note: a field holds one row per kind and severity seen there, in a fixed array indexed
 * by ordinals, since a field sees only a few. Noise is decided per field, not per row, because
 * legacy disagreeing with itself at a field explains any kind of difference there. Every method
 * locks the field; records of different fields never contend. Counts are per pair, not per
 * difference: a pair with forty differing prices counts once for {@code $.items[*].price}.
 */
@SuppressWarnings(
    "EnumOrdinal") // rows are kept in an array indexed by kind and severity, as said above
final class FieldStats {

  /** One pair's differences at this field: a kind, a severity, and maybe a redacted sample. */
  record Observation(DiffKind kind, Severity severity, @Nullable SampleView sample) {}

  private static final int SEVERITIES = Severity.values().length;

  private final String path;
  private final @Nullable Row[] rows = new Row[DiffKind.values().length * SEVERITIES];
  private long rawPairsWithSecondary;
  private long noisePairs;

  FieldStats(String path) {
    this.path = path;
  }

  synchronized void recordNoise() {
    noisePairs++;
  }

  /**
   * Adds one pair's raw differences at this field.
   *
   * @return whether the field is noise, judged with this pair included
   */
  synchronized boolean recordRaw(
      List<Observation> observations,
      boolean withSecondary,
      long pairsWithSecondary,
      NoiseThresholds thresholds,
      int samplesPerField) {
    if (withSecondary) {
      rawPairsWithSecondary++;
    }
    for (Observation observation : observations) {
      int slot = observation.kind().ordinal() * SEVERITIES + observation.severity().ordinal();
      Row row = rows[slot];
      if (row == null) {
        row = new Row(observation.kind(), observation.severity());
        rows[slot] = row;
      }
      row.count++;
      SampleView sample = observation.sample();
      if (sample != null && samplesPerField > 0) {
        row.samples.addFirst(sample);
        while (row.samples.size() > samplesPerField) {
          row.samples.removeLast();
        }
      }
    }
    return isNoise(pairsWithSecondary, thresholds);
  }

  /**
   * A field is noise only on evidence: it differed in pairs that had a secondary, and not by enough
   * more than legacy differed from itself.
   */
  private boolean isNoise(long pairsWithSecondary, NoiseThresholds thresholds) {
    return rawPairsWithSecondary > 0
        && !thresholds.isReal(
            rawPairsWithSecondary, Math.min(noisePairs, pairsWithSecondary), pairsWithSecondary);
  }

  synchronized void addViews(
      List<FieldView> out, long compared, long pairsWithSecondary, NoiseThresholds thresholds) {
    boolean noise = isNoise(pairsWithSecondary, thresholds);
    for (Row row : rows) {
      if (row != null) {
        double rate = compared == 0 ? 0 : Math.min(1.0, (double) row.count / compared);
        out.add(
            new FieldView(
                path,
                row.kind.wireName(),
                row.severity.wireName(),
                row.count,
                rate,
                noise,
                List.copyOf(row.samples)));
      }
    }
  }

  private static final class Row {
    final DiffKind kind;
    final Severity severity;
    final ArrayDeque<SampleView> samples = new ArrayDeque<>();
    long count;

    Row(DiffKind kind, Severity severity) {
      this.kind = kind;
      this.severity = severity;
    }
  }
}
