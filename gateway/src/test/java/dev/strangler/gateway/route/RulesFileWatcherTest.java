package dev.strangler.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.Mode;
import dev.strangler.rules.RulesParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileWatcherTest {

  static final RulesParser PARSER = RulesParser.of(new SpringPathPatterns());

  static final String RULES =
      """
      legacy: http://legacy:8080
      routes:
        - id: orders
          paths: [/orders/**]
          modern: http://modern:8080
          mode: %s
          percent: %s
      """;

  final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  Path file;

  LiveRouter router;

  @BeforeEach
  void setUp(@TempDir Path dir) throws IOException {
    file = dir.resolve("rules.yaml");
    Files.writeString(file, RULES.formatted("canary", "10"));
    router =
        new LiveRouter(
            RulesFileWatcher.loadInitial(RulesSource.of(file.toString()), PARSER),
            StateStore.file(dir.resolve("state.json"), 10),
            clock,
            new SpringPathPatterns(),
            RandomGenerator.getDefault(),
            null);
  }

  RulesFileWatcher watcher(RulesSource source) {
    return new RulesFileWatcher(source, PARSER, router, Duration.ofMillis(100), clock);
  }

  /**
   * Rewrites the rules file as an operator's edit a while later would: with a later modification
   * time. Two writes within the file system's time granularity (a kernel tick, 4 ms at 250 Hz) of
   * the same size leave time and size alike, which {@link
   * #poll_sameSizeRewriteWithinOneTick_isFoundByTheRegularRead} covers.
   */
  private void edit(String mode, String percent) throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, RULES.formatted(mode, percent));
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));
  }

  @Test
  void poll_validChange_isPutInForce_andTheStatusSaysSo() throws IOException {
    RulesFileWatcher watcher = watcher(RulesSource.of(file.toString()));
    edit("canary", "20");
    clock.advance(Duration.ofSeconds(1));

    watcher.poll();

    assertThat(router.current().rollout("orders").percent().toString()).isEqualTo("20");
    assertThat(watcher.status().failing()).isFalse();
    assertThat(watcher.status().version()).isEqualTo(router.current().rules().version());
    assertThat(watcher.status().loadedAt()).isEqualTo(clock.instant());
  }

  @Test
  void poll_sameSizeRewriteWithinOneTick_isFoundByTheRegularRead() throws IOException {
    RulesFileWatcher watcher = watcher(RulesSource.of(file.toString()));
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, RULES.formatted("canary", "20"));
    Files.setLastModifiedTime(file, before);

    for (int i = 0;
        i < 10 && !router.current().rollout("orders").percent().toString().equals("20");
        i++) {
      watcher.poll();
    }

    assertThat(router.current().rollout("orders").percent().toString()).isEqualTo("20");
  }

  @Test
  void poll_invalidChange_isRefusedNamingPathAndValue_andTheRulesStay() throws IOException {
    RulesFileWatcher watcher = watcher(RulesSource.of(file.toString()));
    String inForce = router.current().rules().version();
    Files.writeString(file, RULES.formatted("canary", "150"));

    watcher.poll();

    assertThat(router.current().rules().version()).isEqualTo(inForce);
    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.CANARY);
    assertThat(watcher.status().errors())
        .containsExactly("routes[0].percent: 150 (expected: 0..100)");
    assertThat(watcher.status().version()).isEqualTo(inForce);
  }

  @Test
  void poll_sourceFailingWithoutMessage_isRefusedByItsKind_andTheStatusIsUpdated() {
    RulesSource failing =
        new RulesSource(file.toString(), file) {
          @Override
          String stamp() {
            return "changed-" + clock.instant();
          }

          @Override
          String read() {
            throw new IllegalStateException();
          }
        };
    RulesFileWatcher watcher = watcher(failing);
    clock.advance(Duration.ofSeconds(1));

    watcher.poll();

    assertThat(watcher.status().failing()).isTrue();
    assertThat(watcher.status().errors()).containsExactly("java.lang.IllegalStateException");
    assertThat(watcher.status().lastAttemptAt()).isEqualTo(clock.instant());
    assertThat(watcher.status().version()).isEqualTo(router.current().rules().version());
  }
}
