@NullMarked
package dev.strangler.loadtests.bench;

import org.jspecify.annotations.NullMarked;
