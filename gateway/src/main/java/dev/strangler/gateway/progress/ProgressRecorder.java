package dev.strangler.gateway.progress;

import dev.strangler.gateway.support.PeriodicTask;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The timer of the progress figures, on a thread of its own: every {@value #TICK_MILLIS} ms (or
 * every resolution when shorter) it folds the new catch-all path shapes and samples the histories
 * once a slot has ended.
 */
final class ProgressRecorder implements SmartLifecycle {

  static final long TICK_MILLIS = 1000;

  private static final Log log = LogFactory.getLog(ProgressRecorder.class);

  private final RouteHistories histories;

  private final SharedHistory sharedHistory;

  private final CatchAllShapes shapes;

  private final Supplier<List<RouteRule>> routes;

  private final Clock clock;

  private final PeriodicTask task;

  ProgressRecorder(
      RouteHistories histories,
      SharedHistory sharedHistory,
      CatchAllShapes shapes,
      Supplier<List<RouteRule>> routes,
      Clock clock) {
    this.histories = histories;
    this.sharedHistory = sharedHistory;
    this.shapes = shapes;
    this.routes = routes;
    this.clock = clock;
    Duration tick = Duration.ofMillis(Math.min(TICK_MILLIS, histories.resolution().toMillis()));
    this.task = new PeriodicTask("strangler-progress", this::tick, Duration.ZERO, tick);
  }

  /** One run: fold the shapes, sample when due. Called by the timer's thread, and by tests. */
  void tick() {
    try {
      shapes.fold();
      List<String> ids = new ArrayList<>();
      for (RouteRule route : routes.get()) {
        ids.add(route.id());
      }
      ids.add(RoutingDecision.CATCH_ALL_ROUTE_ID);
      histories.sampleIfDue(clock.millis(), ids);
      sharedHistory.pull();
    } catch (RuntimeException ex) {
      log.error("Progress figures not sampled; next try in a second", ex);
    }
  }

  @Override
  public void start() {
    task.start();
  }

  @Override
  public void stop() {
    task.stop();
  }

  @Override
  public boolean isRunning() {
    return task.isRunning();
  }
}
