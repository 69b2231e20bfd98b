package dev.strangler.gateway.progress;

/** Reads the cumulative figures of a route, as a sample laid out by {@link HistoryFields}. */
interface RouteTotalsSource {

  /**
   * @return the layout of the samples
   */
  HistoryFields fields();

  /**
   * @param routeId a route id or {@code catch-all}
   * @return its cumulative figures now, {@link HistoryFields#count()} long
   */
  long[] totals(String routeId);
}
