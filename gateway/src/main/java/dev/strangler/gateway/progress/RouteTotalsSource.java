package dev.strangler.gateway.progress;

/** Reads the cumulative figures of a route, as a sample laid out by {@link HistoryFields}. */
interface RouteTotalsSource {

  /** Returns the layout of the samples. */
  HistoryFields fields();

  /**
   * Reads a route's cumulative figures now.
   *
   * @param routeId a route id or {@code catch-all}
   * @return its figures, {@link HistoryFields#count()} long
   */
  long[] totals(String routeId);
}
