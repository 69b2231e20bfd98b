/**
 * Shadow traffic comparison for Strangler: response snapshots, structural comparison of the legacy
 * and modern answers to a mirrored request, noise cancellation with a secondary legacy instance
 * (Diffy's method) and a bounded, redacted per-route diff report.
 *
 * <p>The entry points are {@link dev.strangler.shadow.ResponseSnapshot} (captures a response, body
 * arriving in chunks), {@link dev.strangler.shadow.ResponseComparator} (turns two snapshots into
 * {@link dev.strangler.shadow.Difference}s) and {@link dev.strangler.shadow.DiffReport} (aggregates
 * the differences of one route). The package has no framework dependency; every public type is
 * thread-safe unless its documentation says otherwise.
 */
@NullMarked
package dev.strangler.shadow;

import org.jspecify.annotations.NullMarked;
