/** An open-model load generator for latency at a fixed request rate. */
@NullMarked
package dev.strangler.loadtests.open;

import org.jspecify.annotations.NullMarked;
