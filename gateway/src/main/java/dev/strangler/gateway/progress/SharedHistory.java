package dev.strangler.gateway.progress;

import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.SharedFigures.ReplicaSection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The histories of every live replica added up: each replica publishes its newest {@value
 * #PUBLISHED_SLOTS} slots per route (the {@value #SECTION} section of {@link SharedFigures}) and
 * adds the others' to its own history, each slot once. With one gateway there is nothing to add.
 *
 * <p>Slots are aligned on the clock, so the same slot of two replicas covers the same time (their
 * clocks kept in step, as NTP does). A replica adds the others' slots from when it started on: a
 * replica started ten minutes ago shows the others' last ten minutes, its own since it started.
 */
final class SharedHistory {

  /** The section of {@link SharedFigures} this publishes. */
  static final String SECTION = "history";

  /**
   * Slots published per route: enough that a slot is still published when the others next read,
   * with figures published every second or so.
   */
  static final int PUBLISHED_SLOTS = 6;

  private static final Log log = LogFactory.getLog(SharedHistory.class);

  private final RouteHistories histories;

  private final SharedFigures shared;

  private final JsonMapper json;

  private final Set<String> refused = new HashSet<>();

  SharedHistory(RouteHistories histories, SharedFigures shared, JsonMapper json) {
    this.histories = histories;
    this.shared = shared;
    this.json = json;
    shared.contribute(SECTION, this::local);
  }

  private Published local() {
    return new Published(histories.resolution().toMillis(), histories.recentSlots(PUBLISHED_SLOTS));
  }

  /** Adds the slots the other replicas published since the last call. */
  void pull() {
    Map<String, ReplicaSection> others = shared.others(SECTION);
    histories.keepReplicas(others.keySet());
    refused.retainAll(others.keySet());
    for (Map.Entry<String, ReplicaSection> replica : others.entrySet()) {
      String replicaId = replica.getKey();
      try {
        Published published = json.treeToValue(replica.getValue().figures(), Published.class);
        boolean fits =
            published.resolutionMillis() == histories.resolution().toMillis()
                && histories.addFromReplica(replicaId, published.routes());
        if (!fits && refused.add(replicaId)) {
          log.warn(
              "History of replica "
                  + replicaId
                  + " left out: its resolution ("
                  + published.resolutionMillis()
                  + " ms) or latency buckets differ from this replica's");
        }
      } catch (JacksonException | IllegalArgumentException ex) {
        if (refused.add(replicaId)) {
          log.warn("History of replica " + replicaId + " cannot be read: " + ex.getMessage());
        }
      }
    }
  }

  /**
   * A replica's published history.
   *
   * @param resolutionMillis the time one slot covers
   * @param routes per route, its newest slots as {@code [start, field 0, field 1, ...]}
   */
  record Published(long resolutionMillis, Map<String, List<long[]>> routes) {

    Published {
      routes = routes == null ? Map.of() : new LinkedHashMap<>(routes);
    }
  }
}
