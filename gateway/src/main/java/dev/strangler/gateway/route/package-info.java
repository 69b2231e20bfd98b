@NullMarked
package dev.strangler.gateway.route;

import org.jspecify.annotations.NullMarked;
