/**
 * The admin API and the dashboard, served on the management port only and guarded by bearer tokens;
 * the proxied traffic on the main port never passes through Spring Security.
 */
@NullMarked
package dev.strangler.gateway.admin;

import org.jspecify.annotations.NullMarked;
