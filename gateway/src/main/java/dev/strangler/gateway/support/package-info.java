@NullMarked
package dev.strangler.gateway.support;

import org.jspecify.annotations.NullMarked;
