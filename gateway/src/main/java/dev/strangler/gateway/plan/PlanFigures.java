package dev.strangler.gateway.plan;

import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.SharedFigures.ReplicaSection;
import dev.strangler.rules.LatencySamples;
import dev.strangler.rules.PlanState;
import dev.strangler.rules.StepFigures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures a plan step is judged on, added up over every live replica.
 *
 * <p>Every replica publishes its {@link PlanEvidence} (the {@value #SECTION} section of {@link
 * SharedFigures}): per route, the current step's counts and latency samples. The plan judge adds up
 * the evidence of the step it judges from every replica that has it, this one included, and keeps
 * what each replica last published for the step, so that a replica that stopped still counts with
 * what it saw. A replica that has not yet followed a move still publishes the step before, which is
 * left out. A judge that takes over mid-step reads the step's evidence as the replicas publish it:
 * nothing is lost, nothing counted twice.
 *
 * <p>Latency samples are merged in proportion to the traffic each replica sampled from: a replica
 * whose reservoir stands for more requests per sample keeps all its samples, the others a random
 * share of theirs, so that the merged sample is a uniform sample of the step's latencies on every
 * replica (at most the reservoir's capacity per replica).
 */
final class PlanFigures {

  /** The section of {@link SharedFigures} this publishes. */
  static final String SECTION = "plan";

  private static final Log log = LogFactory.getLog(PlanFigures.class);

  private final PlanEvidence evidence;

  private final SharedFigures shared;

  private final JsonMapper json;

  private final Map<String, StepWindow> windows = new ConcurrentHashMap<>();

  PlanFigures(PlanEvidence evidence, SharedFigures shared, JsonMapper json) {
    this.evidence = evidence;
    this.shared = shared;
    this.json = json;
    shared.contribute(SECTION, () -> new Published(evidence.all()));
  }

  /**
   * The figures of a plan's current step over every live replica.
   *
   * @param routeId the route
   * @param state where its plan stands
   * @return what the replicas saw in the step
   */
  StepFigures step(String routeId, PlanState state) {
    return window(routeId, state).figures();
  }

  /**
   * Returns how many replicas' evidence the step's figures hold, this one included when it has any.
   *
   * @param routeId the route
   * @param state where its plan stands
   * @return how many replicas' evidence the step's figures hold, this one included when it has any
   */
  int replicas(String routeId, PlanState state) {
    return window(routeId, state).last.size();
  }

  private synchronized StepWindow window(String routeId, PlanState state) {
    String key = PlanEvidence.key(state);
    StepWindow window = windows.get(routeId);
    if (window == null || !window.key.equals(key)) {
      window = new StepWindow(key);
      windows.put(routeId, window);
    }
    EvidenceSnapshot local = evidence.local(routeId).orElse(null);
    if (local != null) {
      window.observe(shared.replicaId(), local);
    }
    for (Map.Entry<String, ReplicaSection> replica : shared.others(SECTION).entrySet()) {
      EvidenceSnapshot published = evidenceOf(replica.getKey(), replica.getValue(), routeId);
      if (published != null) {
        window.observe(replica.getKey(), published);
      }
    }
    return window;
  }

  /** Forgets what was counted for the routes' steps, e.g. when this replica stops judging. */
  void forget() {
    windows.clear();
  }

  private @Nullable EvidenceSnapshot evidenceOf(
      String replicaId, ReplicaSection section, String routeId) {
    try {
      return json.treeToValue(section.figures(), Published.class).routes().get(routeId);
    } catch (JacksonException | IllegalArgumentException ex) {
      log.warn("Plan figures of replica " + replicaId + " cannot be read: " + ex.getMessage());
      return null;
    }
  }

  /** One replica's published section: the evidence of its routes' current steps. */
  record Published(Map<String, EvidenceSnapshot> routes) {

    Published {
      routes = routes == null ? Map.of() : Map.copyOf(routes);
    }
  }

  /** What each replica published of one step of one route. */
  static final class StepWindow {

    private final String key;

    private final Map<String, EvidenceSnapshot> last = new HashMap<>();

    StepWindow(String key) {
      this.key = key;
    }

    void observe(String replicaId, EvidenceSnapshot snapshot) {
      if (snapshot.step().equals(key)) {
        last.put(replicaId, snapshot);
      }
    }

    StepFigures figures() {
      long modern = 0;
      long modernFailures = 0;
      long legacy = 0;
      long legacyFailures = 0;
      long compared = 0;
      long breaking = 0;
      List<Sample> modernSamples = new ArrayList<>();
      List<Sample> legacySamples = new ArrayList<>();
      for (Map.Entry<String, EvidenceSnapshot> replica : last.entrySet()) {
        EvidenceSnapshot snapshot = replica.getValue();
        modern += snapshot.modernRequests();
        modernFailures += snapshot.modernFailures();
        legacy += snapshot.legacyRequests();
        legacyFailures += snapshot.legacyFailures();
        compared += snapshot.comparedPairs();
        breaking += snapshot.breakingPairs();
        modernSamples.add(
            new Sample(replica.getKey(), snapshot.modernOffered(), snapshot.modernMicros()));
        legacySamples.add(
            new Sample(replica.getKey(), snapshot.legacyOffered(), snapshot.legacyMicros()));
      }
      return new StepFigures(
          modern,
          Math.min(modern, modernFailures),
          legacy,
          Math.min(legacy, legacyFailures),
          merge(key, modernSamples),
          merge(key, legacySamples),
          compared,
          Math.min(compared, breaking));
    }
  }

  /** One replica's latency sample of one side, drawn from {@code offered} latencies. */
  @SuppressWarnings("ArrayRecordComponent") // a sample of thousands of ints, never compared
  record Sample(String replicaId, long offered, int[] micros) {}

  /**
   * Merges the samples of several replicas into one uniform sample of all their latencies: each
   * replica contributes in proportion to the latencies it sampled from, the one with the most
   * latencies per sample with every sample it has. The random share is drawn from a generator
   * seeded by the step and replica, so the same evidence always merges alike.
   */
  static LatencySamples merge(String step, List<Sample> samples) {
    double mostPerSample = 0;
    long offered = 0;
    for (Sample sample : samples) {
      offered += Math.max(sample.offered(), sample.micros().length);
      if (sample.micros().length > 0) {
        mostPerSample =
            Math.max(
                mostPerSample, Math.max(sample.offered(), 1) / (double) sample.micros().length);
      }
    }
    if (mostPerSample == 0) {
      return offered == 0 ? LatencySamples.NONE : LatencySamples.of(new double[0], offered);
    }
    List<Double> millis = new ArrayList<>();
    for (Sample sample : samples) {
      int[] micros = sample.micros().clone();
      int share =
          (int)
              Math.min(
                  micros.length,
                  Math.round(Math.max(sample.offered(), micros.length) / mostPerSample));
      SplittableRandom random = new SplittableRandom((step + "/" + sample.replicaId()).hashCode());
      for (int i = 0; i < share; i++) {
        int pick = i + random.nextInt(micros.length - i);
        int chosen = micros[pick];
        micros[pick] = micros[i];
        micros[i] = chosen;
        millis.add(chosen / 1000.0);
      }
    }
    double[] values = new double[millis.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = millis.get(i);
    }
    return LatencySamples.of(values, Math.max(offered, values.length));
  }
}
