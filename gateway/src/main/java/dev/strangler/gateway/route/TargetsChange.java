package dev.strangler.gateway.route;

import dev.strangler.rules.Targets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A change of one route's targets, asked through the admin API ({@code PUT
 * /admin/routes/{id}/targets}).
 *
 * @param routeId the route
 * @param targets its new targets
 * @param who the admin token's name
 * @param reason why
 */
public record TargetsChange(String routeId, Targets targets, String who, String reason) {

  /** Checks for nulls. */
  public TargetsChange {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * What the audit entry of a change of targets counts: the entries on each list after it, and the
   * entries added to and removed from either list.
   */
  static Map<String, Double> figures(Targets before, Targets after) {
    Set<String> was = entries(before);
    Set<String> now = entries(after);
    long added = now.stream().filter(entry -> !was.contains(entry)).count();
    long removed = was.stream().filter(entry -> !now.contains(entry)).count();
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("modern-entries", (double) after.modern().size());
    figures.put("legacy-entries", (double) after.legacy().size());
    figures.put("entries-added", (double) added);
    figures.put("entries-removed", (double) removed);
    return figures;
  }

  /** Every entry with its list: moving an entry to the other list adds and removes one. */
  private static Set<String> entries(Targets targets) {
    Set<String> entries = new HashSet<>();
    targets.modern().forEach(entry -> entries.add("modern:" + entry));
    targets.legacy().forEach(entry -> entries.add("legacy:" + entry));
    return entries;
  }
}
