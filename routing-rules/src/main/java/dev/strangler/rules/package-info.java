/**
 * Strangler's routing rules: the rules file model, its YAML loading and validation, sticky
 * bucketing, the routing decision and the rollout plan state machine.
 *
 * <p>This package is framework-free. The gateway supplies path matching through {@link
 * dev.strangler.rules.PathMatcherFactory} and requests through {@link
 * dev.strangler.rules.RoutingRequest}; everything else is plain Java values.
 *
 * <ul>
 *   <li>{@link dev.strangler.rules.RulesParser} turns YAML into a {@link
 *       dev.strangler.rules.RulesFile}, or refuses it with every problem listed in a {@link
 *       dev.strangler.rules.RulesValidationException}.
 *   <li>{@link dev.strangler.rules.Router} is compiled once per rules version and decides, for each
 *       request, which side answers and which side gets a copy.
 *   <li>{@link dev.strangler.rules.StickyBucket} is the bucket formula shared by every replica.
 *   <li>{@link dev.strangler.rules.RolloutPlan} walks a route's percent through its plan's steps,
 *       judging each by its gates; its {@link dev.strangler.rules.PlanState} is a plain value the
 *       gateway stores.
 * </ul>
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.rules;
