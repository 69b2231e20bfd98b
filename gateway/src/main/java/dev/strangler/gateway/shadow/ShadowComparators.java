package dev.strangler.gateway.shadow;

import dev.strangler.rules.CompareSettings;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import dev.strangler.shadow.CompareOptions;
import dev.strangler.shadow.ResponseComparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One compiled {@link ResponseComparator} per route, rebuilt once per rules version from the
 * route's {@code shadow.compare} settings, so that comparing parses no option per request.
 */
final class ShadowComparators {

  private static final Log log = LogFactory.getLog(ShadowComparators.class);

  private static final ResponseComparator DEFAULT =
      ResponseComparator.of(CompareOptions.defaults());

  private volatile Map<String, ResponseComparator> byRoute = Map.of();

  /**
   * The comparator of a route.
   *
   * @param routeId the route
   * @return its comparator, or one with default options for an unknown route
   */
  ResponseComparator of(String routeId) {
    return byRoute.getOrDefault(routeId, DEFAULT);
  }

  /**
   * Compiles the comparators of the routes. A route whose settings the comparison refuses (the
   * rules file checks them less strictly) is compared with default options, and the problem is
   * logged by its path in the file.
   *
   * @param rules the rules now in force
   * @return the problems, as {@code routes[i].shadow.compare: ...}; empty when there is none
   */
  List<String> update(RulesFile rules) {
    Map<String, ResponseComparator> next = new HashMap<>();
    List<String> problems = new ArrayList<>();
    List<RouteRule> routes = rules.routes();
    for (int i = 0; i < routes.size(); i++) {
      RouteRule route = routes.get(i);
      try {
        next.put(route.id(), ResponseComparator.of(options(route.shadow().compare())));
      } catch (IllegalArgumentException ex) {
        String problem = "routes[" + i + "].shadow.compare: " + ex.getMessage();
        problems.add(problem);
        log.error(problem + "; route " + route.id() + " is compared with default options");
      }
    }
    byRoute = Map.copyOf(next);
    return problems;
  }

  static CompareOptions options(CompareSettings settings) {
    Set<String> ignoreHeaders = new LinkedHashSet<>();
    settings.ignoreHeaders().forEach(name -> ignoreHeaders.add(name.toLowerCase(Locale.ROOT)));
    return new CompareOptions(
        ignoreHeaders,
        settings.ignoreFields(),
        settings.ignoreArrayOrder(),
        settings.numericTolerance());
  }
}
