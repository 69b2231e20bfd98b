@NullMarked
package dev.strangler.loadtests.backend;

import org.jspecify.annotations.NullMarked;
