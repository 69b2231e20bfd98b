package dev.strangler.gateway.route;

import dev.strangler.gateway.support.PeriodicTask;
import dev.strangler.rules.RuleViolation;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.rules.RulesValidationException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Loads the rules file at start-up and polls it for changes.
 *
 * <p>Polling (modification time and size, then a content hash) is used rather than a file-system
 * watch because it also sees the symlink swap by which Kubernetes updates a mounted ConfigMap. It
 * runs on its own thread, never on a Netty event loop. A valid change is put in force at once; an
 * invalid one is logged with every problem and the rules in force stay, and published as a {@link
 * RulesRefusedEvent} to the listeners registered for it.
 */
public final class RulesFileWatcher implements SmartLifecycle {

  private static final Log log = LogFactory.getLog(RulesFileWatcher.class);

  /**
   * The file is read at least every this many polls even when its time and size look the same,
   * since a same-size rewrite within the file system's time granularity does not change them.
   */
  private static final int READ_EVERY_POLLS = 10;

  private final RulesSource source;

  private final RulesParser parser;

  private final LiveRouter router;

  private final Clock clock;

  private volatile RulesStatus status;

  private String lastStamp;

  private int pollsSinceRead;

  private final PeriodicTask poller;

  private final List<Consumer<RulesRefusedEvent>> refusedListeners = new CopyOnWriteArrayList<>();

  RulesFileWatcher(
      RulesSource source,
      RulesParser parser,
      LiveRouter router,
      Duration pollInterval,
      Clock clock) {
    this.source = source;
    this.parser = parser;
    this.router = router;
    this.clock = clock;
    this.lastStamp = source.stamp();
    this.poller =
        new PeriodicTask("strangler-rules-watcher", this::pollSafely, pollInterval, pollInterval);
    RulesFile rules = router.current().rules();
    this.status =
        new RulesStatus(
            source.location(), rules.version(), clock.instant(), clock.instant(), List.of(), null);
  }

  /**
   * Reads and parses the rules file once, for start-up.
   *
   * @param source where the file is
   * @param parser the parser
   * @return the rules
   * @throws RulesValidationException with every problem when the file is invalid
   */
  static RulesFile loadInitial(RulesSource source, RulesParser parser) {
    RulesFile rules = parser.parse(source.read());
    log.info(
        "Loaded rules "
            + rules.version()
            + " from "
            + source
            + ": "
            + rules.routes().size()
            + " routes");
    return rules;
  }

  /** Returns the state of the rules file. */
  public RulesStatus status() {
    return status;
  }

  /**
   * Registers a listener of refused reloads.
   *
   * @param listener runs once per refused file content, on the watcher's thread; what it throws is
   *     logged
   */
  public void onRulesRefused(Consumer<RulesRefusedEvent> listener) {
    refusedListeners.add(listener);
  }

  /**
   * Checks the file once and applies a changed valid version. Called by the poller; public for
   * tests and for an explicit reload.
   */
  public synchronized void poll() {
    String stamp = source.stamp();
    if (stamp.equals(lastStamp) && ++pollsSinceRead < READ_EVERY_POLLS) {
      return;
    }
    lastStamp = stamp;
    pollsSinceRead = 0;
    String text;
    try {
      text = source.read();
    } catch (RuntimeException ex) {
      refuse(List.of(reasonOf(ex)), null);
      return;
    }
    String version = RulesFile.versionOf(text);
    if (version.equals(status.refusedVersion())) {
      return;
    }
    if (version.equals(router.current().rules().version())) {
      // back to the text in force, e.g. after a refused edit was undone
      status =
          new RulesStatus(
              source.location(), version, status.loadedAt(), clock.instant(), List.of(), null);
      return;
    }
    try {
      RulesFile rules = parser.parse(text);
      RulesReloadedEvent reloaded = router.applyRules(rules);
      status =
          new RulesStatus(
              source.location(),
              rules.version(),
              clock.instant(),
              clock.instant(),
              List.of(),
              null);
      log.info(
          "Reloaded rules "
              + rules.version()
              + " from "
              + source
              + ": "
              + rules.routes().size()
              + " routes"
              + (reloaded.runtimeStateReplaced().isEmpty()
                  ? ""
                  : "; runtime state replaced by the file for " + reloaded.runtimeStateReplaced()));
    } catch (RulesValidationException ex) {
      refuse(ex.violations().stream().map(RuleViolation::toString).toList(), version);
    } catch (RuntimeException ex) {
      log.error("Rules file " + source + " could not be put in force", ex);
      refuse(List.of(reasonOf(ex)), version);
    }
  }

  /** Why a check failed, for the rules status: an exception need not have a message. */
  private static String reasonOf(RuntimeException ex) {
    String message = ex.getMessage();
    return message == null || message.isBlank() ? ex.getClass().getName() : message;
  }

  private void refuse(List<String> errors, @Nullable String refusedVersion) {
    boolean repeated = errors.equals(status.errors());
    status =
        new RulesStatus(
            source.location(),
            status.version(),
            status.loadedAt(),
            clock.instant(),
            errors,
            refusedVersion);
    if (repeated) {
      return;
    }
    log.error(
        "Refused rules file "
            + source
            + "; rules "
            + status.version()
            + " stay in force:\n  "
            + String.join("\n  ", errors));
    RulesRefusedEvent event = new RulesRefusedEvent(errors, refusedVersion, status.version());
    for (Consumer<RulesRefusedEvent> listener : refusedListeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException ex) {
        log.error("A listener of RulesRefusedEvent failed", ex);
      }
    }
  }

  @Override
  public void start() {
    if (source.watchable()) {
      poller.start();
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException ex) {
      log.error("Rules file check failed; the rules in force stay", ex);
    }
  }

  @Override
  public void stop() {
    poller.stop();
  }

  @Override
  public boolean isRunning() {
    return poller.isRunning();
  }
}
