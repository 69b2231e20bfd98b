package dev.strangler.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteHistoriesTest {

  static final HistoryFields FIELDS =
      new HistoryFields(new double[] {1e6, 10e6, 100e6, 1000e6}); // 1, 10, 100, 1000 ms

  static final long T0 = Instant.parse("2026-11-30T08:00:00Z").toEpochMilli();

  final FakeTotals totals = new FakeTotals();

  final RouteHistories histories =
      new RouteHistories(totals, Duration.ofSeconds(10), Duration.ofMinutes(1));

  @Test
  void firstCall_takesTheBaselineOnly() {
    totals.add("orders", HistoryFields.LEGACY_REQUESTS, 5);

    assertThat(histories.sampleIfDue(T0 + 3_000, List.of("orders"))).isFalse();
    assertThat(histories.points("orders")).isEmpty();
    assertThat(histories.servedInWindow("orders")).isEmpty();
  }

  @Test
  void slotEnded_keepsTheDifference_alignedOnTheResolution() {
    histories.sampleIfDue(T0 + 3_000, List.of("orders"));
    totals.add("orders", HistoryFields.LEGACY_REQUESTS, 30);
    totals.add("orders", HistoryFields.MODERN_REQUESTS, 10);
    totals.add("orders", HistoryFields.MODERN_ERRORS, 2);
    totals.add("orders", HistoryFields.FALLBACKS, 2);
    totals.add("orders", HistoryFields.FALLBACK_REASONS + 1, 2);
    totals.add("orders", HistoryFields.SHADOW_COMPARED, 8);
    totals.add("orders", HistoryFields.SHADOW_DIFFERING, 2);

    assertThat(histories.sampleIfDue(T0 + 9_999, List.of("orders"))).isFalse();
    assertThat(histories.sampleIfDue(T0 + 10_400, List.of("orders"))).isTrue();

    List<HistoryPoint> points = histories.points("orders");
    assertThat(points).hasSize(1);
    HistoryPoint point = points.get(0);
    assertThat(point.at()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(point.legacy().requests()).isEqualTo(30);
    assertThat(point.modern().requests()).isEqualTo(10);
    assertThat(point.modern().errors()).isEqualTo(2);
    assertThat(point.modernShare()).isEqualTo(20.0); // 8 of 40 answered by modern
    assertThat(point.fallbacksByReason()).containsEntry("timeout", 2L).containsEntry("status", 0L);
    assertThat(point.shadow().diffRate()).isEqualTo(0.25);
    assertThat(histories.servedInWindow("orders")).hasValue(new RouteHistories.Served(40, 8));
  }

  @Test
  void p99_estimatedFromTheSlotsBuckets_only() {
    histories.sampleIfDue(T0, List.of("orders"));
    int legacy = FIELDS.latency(false);
    totals.add("orders", legacy + 3, 1000); // 1000 legacy requests of 100 ms..1 s, before
    histories.sampleIfDue(T0 + 10_000, List.of("orders"));
    totals.add("orders", legacy, 100); // then 100 of up to 1 ms

    histories.sampleIfDue(T0 + 20_000, List.of("orders"));

    List<HistoryPoint> points = histories.points("orders");
    assertThat(points.get(0).legacy().p99Ms()).isGreaterThan(100.0);
    assertThat(points.get(1).legacy().p99Ms()).isLessThanOrEqualTo(1.0);
    assertThat(points.get(1).modern().p99Ms()).isNull();
  }

  @Test
  void window_keepsTheLastSlots_ringWrapsAround() {
    histories.sampleIfDue(T0, List.of("orders"));
    for (int i = 1; i <= 10; i++) {
      totals.add("orders", HistoryFields.LEGACY_REQUESTS, i);
      histories.sampleIfDue(T0 + i * 10_000L, List.of("orders"));
    }

    List<HistoryPoint> points = histories.points("orders");
    assertThat(points)
        .extracting(p -> p.legacy().requests())
        .containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(points.get(5).at()).isEqualTo(Instant.ofEpochMilli(T0 + 90_000));
    assertThat(histories.servedInWindow("orders").orElseThrow().requests()).isEqualTo(45);
  }

  @Test
  void timerHeldUp_differenceGoesToTheLastSlot_missedSlotsLeftOut() {
    histories.sampleIfDue(T0, List.of("orders"));
    totals.add("orders", HistoryFields.LEGACY_REQUESTS, 7);

    histories.sampleIfDue(T0 + 35_000, List.of("orders"));

    List<HistoryPoint> points = histories.points("orders");
    assertThat(points).hasSize(1);
    assertThat(points.get(0).at()).isEqualTo(Instant.ofEpochMilli(T0 + 20_000));
    assertThat(points.get(0).legacy().requests()).isEqualTo(7);
  }

  @Test
  void diffReportReset_countsFromZero() {
    totals.add("orders", HistoryFields.SHADOW_COMPARED, 100);
    histories.sampleIfDue(T0, List.of("orders"));
    totals.set("orders", HistoryFields.SHADOW_COMPARED, 4);

    histories.sampleIfDue(T0 + 10_000, List.of("orders"));

    assertThat(histories.points("orders").get(0).shadow().compared()).isEqualTo(4);
  }

  @Test
  void routeLeavesTheRules_historyForgotten_newRouteStartsAtItsBaseline() {
    histories.sampleIfDue(T0, List.of("orders"));
    totals.add("orders", HistoryFields.LEGACY_REQUESTS, 3);
    histories.sampleIfDue(T0 + 10_000, List.of("orders"));
    totals.add("users", HistoryFields.LEGACY_REQUESTS, 50);

    histories.sampleIfDue(T0 + 20_000, List.of("users"));
    totals.add("users", HistoryFields.LEGACY_REQUESTS, 2);
    histories.sampleIfDue(T0 + 30_000, List.of("users"));

    assertThat(histories.points("orders"))
        .allSatisfy(p -> assertThat(p.legacy().requests()).isZero());
    assertThat(histories.points("users"))
        .extracting(p -> p.legacy().requests())
        .containsExactly(0L, 0L, 2L);
  }

  @Test
  void routeWithoutTraffic_allocatesNoColumn_andReadsAsZero() {
    histories.sampleIfDue(T0, List.of("idle"));
    histories.sampleIfDue(T0 + 10_000, List.of("idle"));

    HistoryPoint point = histories.points("idle").get(0);
    assertThat(point.legacy().requests()).isZero();
    assertThat(point.modernShare()).isNull();
    assertThat(point.legacy().p99Ms()).isNull();
  }

  @Test
  void otherReplicasSlots_addedToTheSameSlots_eachOnce() {
    FakeTotals otherTotals = new FakeTotals();
    RouteHistories other =
        new RouteHistories(otherTotals, Duration.ofSeconds(10), Duration.ofMinutes(1));
    histories.sampleIfDue(T0, List.of("orders"));
    other.sampleIfDue(T0 + 400, List.of("orders"));
    totals.add("orders", HistoryFields.LEGACY_REQUESTS, 3);
    otherTotals.add("orders", HistoryFields.LEGACY_REQUESTS, 5);
    otherTotals.add("orders", FIELDS.latency(true) + 2, 4);
    histories.sampleIfDue(T0 + 10_000, List.of("orders"));
    other.sampleIfDue(T0 + 10_600, List.of("orders"));

    assertThat(histories.addFromReplica("other-1", other.recentSlots(6))).isTrue();
    assertThat(histories.addFromReplica("other-1", other.recentSlots(6))).isTrue();

    List<HistoryPoint> points = histories.points("orders");
    assertThat(points).hasSize(1);
    assertThat(points.get(0).legacy().requests()).isEqualTo(8);
    assertThat(points.get(0).modern().p99Ms()).isGreaterThan(10.0).isLessThanOrEqualTo(100.0);
    assertThat(histories.servedInWindow("orders")).hasValue(new RouteHistories.Served(8, 0));
  }

  @Test
  void otherReplicasSlot_newerThanThisOnesLast_shownOnceThisOneSampledIt() {
    FakeTotals otherTotals = new FakeTotals();
    RouteHistories other =
        new RouteHistories(otherTotals, Duration.ofSeconds(10), Duration.ofMinutes(1));
    histories.sampleIfDue(T0, List.of("orders"));
    other.sampleIfDue(T0, List.of("orders"));
    otherTotals.add("orders", HistoryFields.LEGACY_REQUESTS, 5);
    other.sampleIfDue(T0 + 10_000, List.of("orders"));

    histories.addFromReplica("other-1", other.recentSlots(6));
    assertThat(histories.points("orders")).isEmpty();
    histories.sampleIfDue(T0 + 10_000, List.of("orders"));

    assertThat(histories.points("orders"))
        .extracting(p -> p.legacy().requests())
        .containsExactly(5L);
  }

  @Test
  void otherReplicasSlots_ofAnotherLayout_refused() {
    histories.sampleIfDue(T0, List.of("orders"));

    boolean added =
        histories.addFromReplica("other-1", Map.of("orders", List.of(new long[] {T0, 1, 2})));

    assertThat(added).isFalse();
  }

  @Test
  void otherReplicasSlots_ofARouteThisOneDoesNotHave_leftOut() {
    histories.sampleIfDue(T0, List.of("orders"));
    long[] row = new long[FIELDS.count() + 1];
    row[0] = T0;
    row[1 + HistoryFields.LEGACY_REQUESTS] = 9;

    histories.addFromReplica("other-1", Map.of("gone", List.<long[]>of(row)));
    histories.sampleIfDue(T0 + 10_000, List.of("orders", "gone"));

    assertThat(histories.points("gone"))
        .allSatisfy(p -> assertThat(p.legacy().requests()).isZero());
  }

  /** Cumulative totals that the test moves. */
  static final class FakeTotals implements RouteTotalsSource {

    final Map<String, long[]> byRoute = new HashMap<>();

    @Override
    public HistoryFields fields() {
      return FIELDS;
    }

    @Override
    public long[] totals(String routeId) {
      return byRoute.computeIfAbsent(routeId, id -> new long[FIELDS.count()]).clone();
    }

    void add(String routeId, int field, long count) {
      byRoute.computeIfAbsent(routeId, id -> new long[FIELDS.count()])[field] += count;
    }

    void set(String routeId, int field, long count) {
      byRoute.computeIfAbsent(routeId, id -> new long[FIELDS.count()])[field] = count;
    }
  }
}
