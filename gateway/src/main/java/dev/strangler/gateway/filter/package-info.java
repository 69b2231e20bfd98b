@NullMarked
package dev.strangler.gateway.filter;

import org.jspecify.annotations.NullMarked;
