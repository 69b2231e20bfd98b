/** Mirroring of requests to the side that did not answer, and comparison of the two answers. */
@NullMarked
package dev.strangler.gateway.shadow;

import org.jspecify.annotations.NullMarked;
