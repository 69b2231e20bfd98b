package dev.strangler.shadow;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task on a thread of its own, bounded in time, and measures what that thread allocated. The
 * fuzz tests use it to state "never hangs" and "never allocates beyond its bounds" of the
 * comparison. The time limit is generous on purpose: it catches hangs, not slowness (performance is
 * measured by benchmarks, not by tests).
 */
final class BoundedRun {

  /** What a task returned or threw, and the bytes its thread allocated meanwhile. */
  record Outcome<T>(@Nullable T value, @Nullable Throwable thrown, long allocatedBytes) {}

  static final Duration HANG = Duration.ofSeconds(20);

  private BoundedRun() {}

  static <T> Outcome<T> run(Callable<T> task) {
    return assertTimeoutPreemptively(
        HANG,
        () -> {
          com.sun.management.ThreadMXBean threads =
              (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
          long before = threads.getCurrentThreadAllocatedBytes();
          try {
            T value = task.call();
            return new Outcome<>(value, null, threads.getCurrentThreadAllocatedBytes() - before);
          } catch (Throwable thrown) {
            return new Outcome<>(null, thrown, threads.getCurrentThreadAllocatedBytes() - before);
          }
        },
        () -> "did not end within " + HANG + " (a hang)");
  }
}
