/**
 * Runtime state: rollouts set through the admin API or by plans, plan states and the audit log,
 * kept by a {@link dev.strangler.gateway.state.StateStore} so that they survive a restart.
 */
@NullMarked
package dev.strangler.gateway.state;

import org.jspecify.annotations.NullMarked;
