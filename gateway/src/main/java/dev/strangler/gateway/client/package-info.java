/**
 * Calls to the backends: Spring Cloud Gateway's HTTP client with a bounded connection pool, the
 * tracking of how far each request got on the wire, and the one retry of a request that provably
 * never reached its backend.
 */
@NullMarked
package dev.strangler.gateway.client;

import org.jspecify.annotations.NullMarked;
