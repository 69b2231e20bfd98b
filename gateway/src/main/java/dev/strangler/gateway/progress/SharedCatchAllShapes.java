package dev.strangler.gateway.progress;

import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.SharedFigures.ReplicaSection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * The catch-all's path shapes of every live replica added up: each replica publishes its {@value
 * #PUBLISHED_SHAPES} most requested shapes (the {@value #SECTION} section of {@link
 * SharedFigures}); a shape's requests and overcount are the sums over the replicas that publish it,
 * its last seen the latest. A shape outside a replica's published ones is counted without that
 * replica's requests. With one gateway, its own shapes.
 */
public final class SharedCatchAllShapes {

  /** The section of {@link SharedFigures} this publishes. */
  static final String SECTION = "catch-all-shapes";

  /** Shapes published per replica. */
  static final int PUBLISHED_SHAPES = 200;

  private static final Log log = LogFactory.getLog(SharedCatchAllShapes.class);

  private final CatchAllShapes shapes;

  private final SharedFigures shared;

  private final JsonMapper json;

  SharedCatchAllShapes(CatchAllShapes shapes, SharedFigures shared, JsonMapper json) {
    this.shapes = shapes;
    this.shared = shared;
    this.json = json;
    shared.contribute(SECTION, this::local);
  }

  private Published local() {
    return new Published(shapes.tracked(), shapes.uncounted(), shapes.top(PUBLISHED_SHAPES));
  }

  /**
   * Returns the shapes of every live replica added up.
   *
   * @param limit the most shapes returned
   * @return the shapes, most requested first
   */
  public Merged top(int limit) {
    List<Published> all = new ArrayList<>();
    all.add(new Published(shapes.tracked(), shapes.uncounted(), shapes.top(shapes.bound())));
    for (Map.Entry<String, ReplicaSection> replica : shared.others(SECTION).entrySet()) {
      try {
        all.add(json.treeToValue(replica.getValue().figures(), Published.class));
      } catch (JacksonException | IllegalArgumentException ex) {
        log.warn(
            "Catch-all path shapes of replica "
                + replica.getKey()
                + " cannot be read: "
                + ex.getMessage());
      }
    }
    Map<String, PathShape> byTemplate = new LinkedHashMap<>();
    Set<String> templates = new HashSet<>();
    int tracked = 0;
    long uncounted = 0;
    for (Published published : all) {
      tracked = Math.max(tracked, published.tracked());
      uncounted += published.uncounted();
      for (PathShape shape : published.shapes()) {
        templates.add(shape.template());
        byTemplate.merge(shape.template(), shape, SharedCatchAllShapes::plus);
      }
    }
    List<PathShape> merged = new ArrayList<>(byTemplate.values());
    merged.sort(
        Comparator.comparingLong(PathShape::requests)
            .reversed()
            .thenComparing(PathShape::template));
    return new Merged(
        shapes.bound(),
        Math.max(tracked, templates.size()),
        uncounted,
        List.copyOf(merged.subList(0, Math.min(limit, merged.size()))));
  }

  private static PathShape plus(PathShape one, PathShape other) {
    Instant lastSeen = one.lastSeen().isAfter(other.lastSeen()) ? one.lastSeen() : other.lastSeen();
    return new PathShape(
        one.template(),
        one.requests() + other.requests(),
        one.overcount() + other.overcount(),
        lastSeen);
  }

  /**
   * The shapes of every live replica.
   *
   * @param bound the most shapes each replica keeps
   * @param tracked shapes known: the distinct templates published, or the most one replica keeps
   * @param uncounted catch-all requests of new shapes left uncounted, over the replicas
   * @param shapes the most requested, most requested first
   */
  public record Merged(int bound, int tracked, long uncounted, List<PathShape> shapes) {}

  /**
   * One replica's published shapes.
   *
   * @param tracked shapes it keeps
   * @param uncounted its uncounted requests
   * @param shapes its most requested shapes
   */
  record Published(int tracked, long uncounted, List<PathShape> shapes) {

    Published {
      shapes = shapes == null ? List.of() : List.copyOf(shapes);
    }
  }
}
