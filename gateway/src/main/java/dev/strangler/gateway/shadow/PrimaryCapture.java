package dev.strangler.gateway.shadow;

import dev.strangler.shadow.ResponseSnapshot;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Copies the client's answer, as it streams out, into a snapshot for comparison. The copy is
 * bounded by {@code max-compare-bytes}; the answer itself is not held back.
 */
public final class PrimaryCapture {

  private final int maxCompareBytes;

  private final Sinks.One<ResponseSnapshot> result = Sinks.one();

  private ResponseSnapshot.@Nullable Builder snapshot;

  PrimaryCapture(int maxCompareBytes) {
    this.maxCompareBytes = maxCompareBytes;
  }

  /**
   * Starts the snapshot once status and headers are final.
   *
   * @param status the status sent
   * @param headers the comparable headers sent
   */
  void begin(int status, Map<String, List<String>> headers) {
    if (snapshot == null) {
      snapshot = ResponseSnapshot.builder(status, headers, maxCompareBytes);
    }
  }

  void append(ByteBuffer chunk) {
    if (snapshot != null) {
      snapshot.append(chunk);
    }
  }

  /** The answer was sent in full. */
  void complete() {
    if (snapshot != null) {
      result.tryEmitValue(snapshot.build());
    } else {
      result.tryEmitEmpty();
    }
  }

  /** The answer did not complete: there is nothing to compare. No-op once complete. */
  public void abandon() {
    result.tryEmitEmpty();
  }

  Mono<ResponseSnapshot> result() {
    return result.asMono();
  }
}
