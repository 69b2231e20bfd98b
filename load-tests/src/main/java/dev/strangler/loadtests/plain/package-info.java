@NullMarked
package dev.strangler.loadtests.plain;

import org.jspecify.annotations.NullMarked;
