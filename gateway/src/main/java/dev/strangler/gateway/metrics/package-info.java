@NullMarked
package dev.strangler.gateway.metrics;

import org.jspecify.annotations.NullMarked;
