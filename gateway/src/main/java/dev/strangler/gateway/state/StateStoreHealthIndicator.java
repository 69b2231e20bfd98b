package dev.strangler.gateway.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code stateStore} in the health endpoint: UP while the state store can be written, DOWN while it
 * cannot (Redis unreachable), with the store's kind, this replica's name and whether it judges the
 * rollout plans. It is not part of the readiness group: while the store is down, routing goes on
 * with the state in memory, so the gateway stays ready.
 */
final class StateStoreHealthIndicator implements HealthIndicator {

  private final StateStore store;

  private final PlanLease lease;

  private final SharedFigures figures;

  StateStoreHealthIndicator(StateStore store, PlanLease lease, SharedFigures figures) {
    this.store = store;
    this.lease = lease;
    this.figures = figures;
  }

  @Override
  public Health health() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", store.kind());
    details.put("replica", figures.replicaId());
    details.put("planJudge", lease.held());
    if (store instanceof RedisStateStore redis) {
      details.put("keyPrefix", redis.keyPrefix());
      details.put("since", redis.since().toString());
      String error = redis.lastError();
      if (error != null) {
        details.put("error", error);
      }
    }
    return (store.available() ? Health.up() : Health.down()).withDetails(details).build();
  }
}
