package dev.strangler.gateway.metrics;

import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.SharedFigures.ReplicaSection;
import dev.strangler.rules.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request figures of every live replica added up, for the admin API's views: this replica's
 * meters read now, the others' as they last published them (the {@value #SECTION} section of {@link
 * SharedFigures}, at most about two publishing intervals old). With one gateway, its own.
 */
public final class SharedRequestFigures {

  /** The section of {@link SharedFigures} this publishes. */
  public static final String SECTION = "requests";

  private static final Log log = LogFactory.getLog(SharedRequestFigures.class);

  private final RequestMetrics metrics;

  private final SharedFigures shared;

  private final JsonMapper json;

  SharedRequestFigures(RequestMetrics metrics, SharedFigures shared, JsonMapper json) {
    this.metrics = metrics;
    this.shared = shared;
    this.json = json;
    shared.contribute(SECTION, this::local);
  }

  private Map<String, RouteFigures> local() {
    Map<String, RouteFigures> routes = new LinkedHashMap<>();
    for (String routeId : metrics.routeIds()) {
      routes.put(routeId, of(routeId));
    }
    return routes;
  }

  private RouteFigures of(String routeId) {
    return new RouteFigures(
        RouteFigures.Side.of(metrics, routeId, Target.LEGACY),
        RouteFigures.Side.of(metrics, routeId, Target.MODERN));
  }

  /**
   * Returns its figures added up over every live replica.
   *
   * @param routeId a route
   * @return its figures added up over every live replica
   */
  public RouteFigures total(String routeId) {
    RouteFigures total = of(routeId);
    for (Map.Entry<String, ReplicaSection> replica : shared.others(SECTION).entrySet()) {
      JsonNode route = replica.getValue().figures().path(routeId);
      if (route.isMissingNode()) {
        continue;
      }
      try {
        total = total.plus(json.treeToValue(route, RouteFigures.class));
      } catch (JacksonException | IllegalArgumentException ex) {
        log.warn(
            "Request figures of replica "
                + replica.getKey()
                + " cannot be read: "
                + ex.getMessage());
      }
    }
    return total;
  }

  /** Returns the live replicas whose figures are added up, this one included. */
  public int replicas() {
    return 1 + shared.others(SECTION).size();
  }
}
