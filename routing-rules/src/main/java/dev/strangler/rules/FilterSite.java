package dev.strangler.rules;

import java.util.List;
import java.util.Objects;

/**
 * Where a filter entry is: the route and the side whose calls it shapes, with what a filter may
 * need to know of the route.
 *
 * @param routeId the route's id
 * @param side the side whose calls the filter shapes
 * @param paths the route's path patterns, which a filter may take template variables from ({@code
 *     SetPath=/v2/{id}}); empty when the route's paths are themselves invalid, and checks that need
 *     them are then left out
 */
public record FilterSite(String routeId, Target side, List<String> paths) {

  /**
   * Copies the paths and checks for nulls.
   *
   * @param routeId the route's id
   * @param side the side whose calls the filter shapes
   * @param paths the route's path patterns; empty when they are invalid
   * @throws NullPointerException if an argument or a path is null
   */
  public FilterSite {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(side, "side");
    paths = List.copyOf(paths);
  }

  /**
   * Returns where the filter's calls go, as the rules file names the key.
   *
   * @return {@code modern-filters} or {@code legacy-filters}
   */
  public String key() {
    return side.wireName() + "-filters";
  }
}
