@NullMarked
package dev.strangler.gateway.config;

import org.jspecify.annotations.NullMarked;
