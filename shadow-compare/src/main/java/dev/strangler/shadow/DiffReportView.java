package dev.strangler.shadow;

import java.util.List;
import java.util.Objects;

/**
 * A point-in-time copy of a route's {@link DiffReport}, shaped for {@code GET
 * /admin/routes/{id}/diffs}. Serialized by Jackson as:
 *
 * <pre>{@code
 * {"route":"orders","compared":1000,"differing":12,"noise":40,"diffRate":0.012,
 *  "evictedFields":0,"fields":[{"path":"$.items[*].price","kind":"value","severity":"changed","count":12,
 *             "rate":0.012,"noise":false,
 *             "samples":[{"legacy":"9.99","modern":"10.0","requestId":"r-1",
 *                         "at":"2025-01-01T10:00:00Z"}]}]}
 * }</pre>
 *
 * @param route the route id
 * @param compared pairs recorded since creation or the last reset
 * @param differing pairs with at least one difference on a field that was not noise when recorded
 * @param noise pairs whose differences were all noise when recorded
 * @param diffRate {@code differing / compared}, {@code 0} when nothing was compared
 * @param evictedFields fields dropped to keep the report within its bound of fields, since creation
 *     or the last reset: when above 0, rarely seen fields may be missing from {@code fields}
 * @param fields the rows, most frequent first (then by path, kind and severity)
 */
public record DiffReportView(
    String route,
    long compared,
    long differing,
    long noise,
    double diffRate,
    long evictedFields,
    List<FieldView> fields) {

  /**
   * Checks and copies the components.
   *
   * @throws NullPointerException when route, fields or a field is null
   */
  public DiffReportView {
    Objects.requireNonNull(route, "route");
    fields = List.copyOf(fields);
  }
}
