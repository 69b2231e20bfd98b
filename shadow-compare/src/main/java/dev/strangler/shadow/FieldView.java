package dev.strangler.shadow;

import java.util.List;
import java.util.Objects;

/**
 * One row of the diff report: a field (a path with array indices normalized to {@code [*]}) and one
 * kind and severity of difference seen there.
 *
 * @param path the normalized path, for example {@code $.items[*].price}, {@code status} or {@code
 *     header:etag}
 * @param kind the {@linkplain DiffKind#wireName() wire name} of the kind, e.g. {@code "value"}
 * @param severity the {@linkplain Severity#wireName() wire name} of the severity, e.g. {@code
 *     "breaking"}
 * @param count compared pairs that had this difference at least once
 * @param rate {@code count / compared}, {@code 0..1}
 * @param noise whether the field's differences are noise (legacy differs from itself about as
 *     often), left out of the report's {@code differing} count and diff rate
 * @param samples the most recent examples, newest first, at most the report's samples per field
 */
public record FieldView(
    String path,
    String kind,
    String severity,
    long count,
    double rate,
    boolean noise,
    List<SampleView> samples) {

  /**
   * Checks and copies the components.
   *
   * @throws NullPointerException when a component or sample is null
   */
  public FieldView {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    samples = List.copyOf(samples);
  }
}
