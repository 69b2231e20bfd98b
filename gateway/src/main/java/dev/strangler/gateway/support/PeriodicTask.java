package dev.strangler.gateway.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A task run again and again with a fixed delay on a daemon thread of its own, never on an event
 * loop, so that it may block (read a file, write the state store).
 */
public final class PeriodicTask {

  private final String threadName;

  private final Runnable task;

  private final Duration initialDelay;

  private final Duration delay;

  private @Nullable ScheduledExecutorService executor;

  private @Nullable ScheduledFuture<?> repetition;

  /**
   * @param threadName the name of its thread
   * @param task what to run; it should catch its own errors, as an escaped one ends the repetition
   * @param initialDelay the wait before the first run
   * @param delay the wait between the end of one run and the start of the next
   */
  public PeriodicTask(String threadName, Runnable task, Duration initialDelay, Duration delay) {
    this.threadName = threadName;
    this.task = task;
    this.initialDelay = initialDelay;
    this.delay = delay;
  }

  /** Starts the repetition; no-op when running. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    repetition =
        scheduler.scheduleWithFixedDelay(
            task, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    executor = scheduler;
  }

  /** Stops the repetition, interrupting a run in progress; no-op when stopped. */
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
      repetition = null;
    }
  }

  /**
   * Returns whether it is running: started, not stopped, and not ended by an error its task let
   * escape.
   */
  public synchronized boolean isRunning() {
    return repetition != null && !repetition.isDone();
  }
}
