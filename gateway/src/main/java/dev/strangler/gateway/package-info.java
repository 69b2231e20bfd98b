/**
 * The Strangler gateway: Spring Cloud Gateway wiring of the routing rules and the shadow
 * comparison.
 */
@NullMarked
package dev.strangler.gateway;

import org.jspecify.annotations.NullMarked;
