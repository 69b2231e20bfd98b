package dev.strangler.gateway.state;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The lease and the shared figures of a gateway that runs alone ({@code file} store). */
enum SoleGateway implements PlanLease {
  INSTANCE;

  @Override
  public boolean acquire() {
    return true;
  }

  @Override
  public boolean held() {
    return true;
  }

  @Override
  public @Nullable String token() {
    return null;
  }

  /** Nothing to publish, nobody to read. */
  record Figures(String replicaId, Instant startedAt) implements SharedFigures {

    @Override
    public void contribute(String section, Supplier<Object> figures) {}

    @Override
    public Map<String, ReplicaSection> others(String section) {
      return Map.of();
    }
  }
}
