package dev.strangler.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.Router;
import dev.strangler.rules.RulesParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatchAllShapesTest {

  final TestClock clock = TestClock.at(Instant.parse("2026-11-30T08:00:00Z"));

  @Test
  void paths_foldedIntoShapes_mostRequestedFirst() {
    CatchAllShapes shapes = new CatchAllShapes(10, clock);
    for (int i = 0; i < 5; i++) {
      shapes.record("/api/users/" + i);
    }
    shapes.record("/home");
    shapes.record("/api/users/42/orders/7");
    shapes.record("/api/users/43/orders/8");

    assertThat(shapes.top(10))
        .extracting(PathShape::template, PathShape::requests)
        .containsExactly(
            tuple("/api/users/{id}", 5L),
            tuple("/api/users/{id}/orders/{id}", 2L),
            tuple("/home", 1L));
  }

  @Test
  void knownShape_countedOnTheRequestPath_withoutFolding() {
    CatchAllShapes shapes = new CatchAllShapes(10, clock);
    shapes.record("/api/users/1");
    shapes.fold();

    for (int i = 0; i < 2000; i++) {
      shapes.record("/api/users/" + i);
    }

    assertThat(shapes.uncounted()).isZero();
    assertThat(shapes.top(1).get(0).requests()).isEqualTo(2001);
  }

  @Test
  void newShapes_beyondThePendingBound_countedAsUncounted() {
    CatchAllShapes shapes = new CatchAllShapes(5000, clock);

    for (int i = 0; i < CatchAllShapes.MAX_PENDING + 10; i++) {
      shapes.record("/page-" + Integer.toString(i, 36) + "x");
    }

    assertThat(shapes.uncounted()).isEqualTo(10);
    assertThat(shapes.tracked()).isEqualTo(CatchAllShapes.MAX_PENDING);
  }

  @Test
  void bound_reached_leastRequestedShapeReplaced_spaceSaving() {
    CatchAllShapes shapes = new CatchAllShapes(3, clock);
    record(shapes, "/a", 10);
    record(shapes, "/b", 5);
    record(shapes, "/c", 2);
    shapes.fold();

    shapes.record("/d");

    List<PathShape> top = shapes.top(10);
    assertThat(top).extracting(PathShape::template).containsExactly("/a", "/b", "/d");
    assertThat(top.get(2).requests()).isEqualTo(3);
    assertThat(top.get(2).overcount()).isEqualTo(2);
    assertThat(shapes.tracked()).isEqualTo(3);
  }

  @Test
  void heavyHitter_keptWhateverTheLongTail() {
    CatchAllShapes shapes = new CatchAllShapes(20, clock);
    for (int i = 0; i < 5000; i++) {
      shapes.record("/tail-" + Integer.toString(i, 36) + "x");
      if (i % 10 == 0) {
        shapes.record("/api/hot/" + i);
      }
      if (i % 100 == 0) {
        shapes.fold();
      }
    }

    PathShape first = shapes.top(1).get(0);
    assertThat(first.template()).isEqualTo("/api/hot/{id}");
    assertThat(first.requests() - first.overcount()).isLessThanOrEqualTo(500);
    assertThat(first.requests()).isGreaterThanOrEqualTo(500);
    assertThat(shapes.tracked()).isEqualTo(20);
  }

  @Test
  void lastSeen_followsTheClock_toTheSecond() {
    CatchAllShapes shapes = new CatchAllShapes(10, clock);
    shapes.record("/home");
    shapes.fold();
    clock.advance(Duration.ofMinutes(3));

    shapes.record("/home");

    assertThat(shapes.top(1).get(0).lastSeen()).isEqualTo(clock.instant());
  }

  @Test
  void forgetRouted_dropsShapesANewRouteCovers() {
    CatchAllShapes shapes = new CatchAllShapes(10, clock);
    shapes.record("/api/users/1");
    shapes.record("/home");
    SpringPathPatterns matchers = new SpringPathPatterns();
    Router router =
        Router.of(
            RulesParser.of(matchers)
                .parse(
                    """
                    legacy: http://legacy:8080
                    routes:
                      - id: users
                        paths: [/api/users/**]
                        modern: http://modern:8080
                        mode: modern
                    """),
            Map.of(),
            matchers,
            () -> 0L,
            null);

    shapes.forgetRouted(router);

    assertThat(shapes.top(10)).extracting(PathShape::template).containsExactly("/home");
  }

  @Test
  void bound_belowOne_refused() {
    assertThatThrownBy(() -> new CatchAllShapes(0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bound: 0 (expected: at least 1)");
  }

  private static void record(CatchAllShapes shapes, String path, int times) {
    for (int i = 0; i < times; i++) {
      shapes.record(path);
    }
  }
}
