package dev.strangler.gateway.shadow;

/**
 * The shadow comparison of a route in three numbers.
 *
 * @param compared pairs of responses compared
 * @param differing pairs that differed, noise left out
 * @param diffRate {@code differing / compared}, 0..1
 */
public record ShadowFigures(long compared, long differing, double diffRate) {}
