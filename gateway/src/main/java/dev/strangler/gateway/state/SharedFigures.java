package dev.strangler.gateway.state;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Figures each replica publishes for the others: request counters and latency histograms, shadow
 * diff report summaries, plan figures. Each layer contributes its own section and reads the other
 * replicas' copies of it, so that the admin views and the plan judge add up every live replica.
 *
 * <p>With the {@code redis} store, each replica writes its sections every {@code
 * strangler.state.redis.figures-interval} under a key that expires after {@code figures-ttl}, and
 * reads the others' at the same time: what {@link #others} returns is at most about two intervals
 * old, and a replica that stopped publishing drops out after the time to live. With the {@code
 * file} store there are no other replicas.
 */
public interface SharedFigures {

  /**
   * Returns this replica's name: the host name (a pod's name in Kubernetes) and a random suffix,
   * new at every start.
   */
  String replicaId();

  /** Returns when this replica started. */
  Instant startedAt();

  /**
   * Registers a section this replica publishes.
   *
   * @param section the section's name, e.g. {@code requests}
   * @param figures makes the section's current content; called on the publisher's thread, never on
   *     an event loop
   */
  void contribute(String section, Supplier<Object> figures);

  /**
   * Returns the section as the other live replicas last published it, by replica id.
   *
   * @param section the section's name
   * @return the section as the other live replicas last published it, by replica id; empty with one
   *     gateway
   */
  Map<String, ReplicaSection> others(String section);

  /**
   * One replica's copy of a section.
   *
   * @param startedAt when the replica started
   * @param publishedAt when it published this copy, by its clock
   * @param figures the section's content
   */
  record ReplicaSection(Instant startedAt, Instant publishedAt, JsonNode figures) {}

  /**
   * Returns the figures of a gateway that runs alone.
   *
   * @param replicaId the name of this gateway
   * @param startedAt when it started
   * @return the figures of a gateway that runs alone: nothing is published, there are no others
   */
  static SharedFigures alone(String replicaId, Instant startedAt) {
    return new SoleGateway.Figures(replicaId, startedAt);
  }
}
