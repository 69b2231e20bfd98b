/** Automated rollout plans: the runner that walks a route's plan and the figures it judges. */
@NullMarked
package dev.strangler.gateway.plan;

import org.jspecify.annotations.NullMarked;
