package dev.strangler.gateway.support;

import dev.strangler.rules.RuleViolation;
import dev.strangler.rules.RulesValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid rules file at start-up into a plain report of every problem, by path and value,
 * instead of a stack trace.
 */
public final class RulesFailureAnalyzer extends AbstractFailureAnalyzer<RulesValidationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RulesValidationException cause) {
    StringBuilder description = new StringBuilder("The rules file is invalid:\n");
    for (RuleViolation violation : cause.violations()) {
      description.append("    ").append(violation).append('\n');
    }
    return new FailureAnalysis(
        description.toString(),
        "Fix the rules file (strangler.rules.location) and start the gateway again. "
            + "The JSON Schema strangler-rules.schema.json lets an editor check it.",
        cause);
  }
}
