package dev.strangler.gateway.route;

import dev.strangler.rules.Router;
import dev.strangler.rules.RulesFile;
import java.util.List;

/**
 * A new version of the rules file was put in force.
 *
 * @param router the router now in force
 * @param previous the rules it replaced
 * @param added ids of the routes the new version added
 * @param removed ids of the routes it dropped
 * @param changed ids of the routes it kept with other settings
 * @param runtimeStateReplaced ids of the routes whose runtime state (a rollout set at runtime, a
 *     plan's progress) the change replaced, by the rule of {@link
 *     dev.strangler.gateway.state.FileBaseline}
 */
public record RulesReloadedEvent(
    Router router,
    RulesFile previous,
    List<String> added,
    List<String> removed,
    List<String> changed,
    List<String> runtimeStateReplaced) {

  /** Copies the lists. */
  public RulesReloadedEvent {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    runtimeStateReplaced = List.copyOf(runtimeStateReplaced);
  }

  /** Returns the rules now in force. */
  public RulesFile rules() {
    return router.rules();
  }
}
