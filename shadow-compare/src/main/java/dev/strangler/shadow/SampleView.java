package dev.strangler.shadow;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One example of a field's difference, as the diff report shows it. Values are redacted as the
 * route's {@code redact-fields} say and cut to {@value DiffReport#MAX_SAMPLE_VALUE_CHARS}
 * characters (a cut value ends with {@code …}).
 *
 * @param legacy the legacy value, {@code null} when legacy lacked the field
 * @param modern the modern value, {@code null} when modern lacked the field
 * @param requestId the request id of the mirrored request
 * @param at when the pair was recorded; serialized as an ISO-8601 string
 */
public record SampleView(
    @Nullable String legacy, @Nullable String modern, String requestId, Instant at) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException when requestId or at is null
   */
  public SampleView {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(at, "at");
  }
}
