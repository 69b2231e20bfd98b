/**
 * The migration over time: per route history rings of the figures the meters already count, sampled
 * on a timer, and the path shapes of the requests that still reach the catch-all. The admin API's
 * {@code /admin/progress} and {@code /admin/routes/{id}/history} read them.
 */
@NullMarked
package dev.strangler.gateway.progress;

import org.jspecify.annotations.NullMarked;
