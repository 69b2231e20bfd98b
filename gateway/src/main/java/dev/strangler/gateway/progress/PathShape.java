package dev.strangler.gateway.progress;

import java.time.Instant;

/**
 * A path shape that reaches the catch-all.
 *
 * @param template the paths' template, e.g. {@code /api/users/{id}}
 * @param requests catch-all requests of this shape since start (or since it took the place of a
 *     less requested shape)
 * @param overcount at most this many of {@code requests} belong to the shapes it replaced (0 while
 *     the bound was never reached)
 * @param lastSeen when the shape was last requested, to the second
 */
public record PathShape(String template, long requests, long overcount, Instant lastSeen) {}
