@NullMarked
package dev.strangler.gateway.demo;

import org.jspecify.annotations.NullMarked;
