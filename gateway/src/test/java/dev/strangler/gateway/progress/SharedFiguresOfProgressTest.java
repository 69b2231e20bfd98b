package dev.strangler.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strangler.gateway.state.SharedFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Two replicas' histories and path shapes added up through their published figures, as JSON. */
class SharedFiguresOfProgressTest {

  static final long T0 = Instant.parse("2026-11-30T08:00:00Z").toEpochMilli();

  final JsonMapper json = JsonMapper.builder().build();

  final Board board = new Board();

  @Test
  void eachReplica_showsTheSlotsOfBoth() {
    RouteHistoriesTest.FakeTotals totalsA = new RouteHistoriesTest.FakeTotals();
    RouteHistoriesTest.FakeTotals totalsB = new RouteHistoriesTest.FakeTotals();
    RouteHistories a = new RouteHistories(totalsA, Duration.ofSeconds(10), Duration.ofMinutes(1));
    RouteHistories b = new RouteHistories(totalsB, Duration.ofSeconds(10), Duration.ofMinutes(1));
    SharedHistory sharedA = new SharedHistory(a, board.replica("a"), json);
    SharedHistory sharedB = new SharedHistory(b, board.replica("b"), json);
    a.sampleIfDue(T0, List.of("orders"));
    b.sampleIfDue(T0, List.of("orders"));
    totalsA.add("orders", HistoryFields.MODERN_REQUESTS, 4);
    totalsB.add("orders", HistoryFields.LEGACY_REQUESTS, 6);
    a.sampleIfDue(T0 + 10_000, List.of("orders"));
    b.sampleIfDue(T0 + 10_000, List.of("orders"));

    for (int i = 0; i < 3; i++) {
      sharedA.pull();
      sharedB.pull();
    }

    for (RouteHistories replica : List.of(a, b)) {
      HistoryPoint point = replica.points("orders").get(0);
      assertThat(point.legacy().requests()).isEqualTo(6);
      assertThat(point.modern().requests()).isEqualTo(4);
      assertThat(point.modernShare()).isEqualTo(40.0);
    }
  }

  @Test
  void replicaWithAnotherResolution_leftOut() {
    RouteHistoriesTest.FakeTotals totals = new RouteHistoriesTest.FakeTotals();
    RouteHistories a =
        new RouteHistories(
            new RouteHistoriesTest.FakeTotals(), Duration.ofSeconds(10), Duration.ofMinutes(1));
    RouteHistories b = new RouteHistories(totals, Duration.ofSeconds(5), Duration.ofMinutes(1));
    SharedHistory sharedA = new SharedHistory(a, board.replica("a"), json);
    new SharedHistory(b, board.replica("b"), json);
    a.sampleIfDue(T0, List.of("orders"));
    b.sampleIfDue(T0, List.of("orders"));
    totals.add("orders", HistoryFields.LEGACY_REQUESTS, 6);
    b.sampleIfDue(T0 + 10_000, List.of("orders"));
    a.sampleIfDue(T0 + 10_000, List.of("orders"));

    sharedA.pull();

    assertThat(a.points("orders").get(0).legacy().requests()).isZero();
  }

  @Test
  void catchAllShapes_ofBothReplicas_addedUpByTemplate() {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    CatchAllShapes shapesA = new CatchAllShapes(10, clock);
    CatchAllShapes shapesB = new CatchAllShapes(10, clock);
    SharedCatchAllShapes sharedA = new SharedCatchAllShapes(shapesA, board.replica("a"), json);
    new SharedCatchAllShapes(shapesB, board.replica("b"), json);
    shapesA.record("/users/1");
    shapesA.record("/help");
    shapesB.record("/users/2");
    shapesB.record("/users/3");
    shapesB.record("/orders/7");

    SharedCatchAllShapes.Merged merged = sharedA.top(10);

    assertThat(merged.shapes())
        .extracting(PathShape::template, PathShape::requests)
        .containsExactly(tuple("/users/{id}", 3L), tuple("/help", 1L), tuple("/orders/{id}", 1L));
    assertThat(merged.tracked()).isEqualTo(3);
    assertThat(sharedA.top(1).shapes()).hasSize(1);
  }

  /** The replicas' published sections, as JSON, as Redis would hold them. */
  final class Board {

    final Map<String, Supplier<Object>> sections = new HashMap<>();

    SharedFigures replica(String id) {
      return new SharedFigures() {
        @Override
        public String replicaId() {
          return id;
        }

        @Override
        public Instant startedAt() {
          return Instant.ofEpochMilli(T0);
        }

        @Override
        public void contribute(String section, Supplier<Object> figures) {
          sections.put(id + "/" + section, figures);
        }

        @Override
        public Map<String, ReplicaSection> others(String section) {
          Map<String, ReplicaSection> others = new HashMap<>();
          sections.forEach(
              (key, figures) -> {
                String replica = key.substring(0, key.indexOf('/'));
                if (!replica.equals(id) && key.endsWith("/" + section)) {
                  others.put(
                      replica,
                      new ReplicaSection(
                          Instant.ofEpochMilli(T0),
                          Instant.ofEpochMilli(T0),
                          json.valueToTree(figures.get())));
                }
              });
          return others;
        }
      };
    }
  }
}
