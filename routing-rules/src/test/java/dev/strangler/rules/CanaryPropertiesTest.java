package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The canary properties of SPEC "The routing decision", over generated keys and percents, through
 * the {@link Router} as the gateway uses it: the key comes from the request's {@code X-User-Id}
 * header, the rollout from {@link Router#withRollout}.
 */
class CanaryPropertiesTest {

  /** 100 %: percents are generated in basis points, the 0.01 % steps the rules file allows. */
  private static final int MAX_BASIS_POINTS = Percent.HUNDRED.basisPoints();

  private static Router router(String salt) {
    RulesFile rules =
        Fixtures.rules(
            """
            legacy: http://legacy:8080
            routes:
              - id: orders
                paths: [/api/orders/**]
                modern: http://orders-v2:8080
                mode: canary
                sticky-by: [header:X-User-Id]
                salt: '%s'
            """
                .formatted(salt.replace("'", "''")));
    // No draw may happen: every request carries a key.
    return Router.of(
        rules, Map.of(), SegmentPathMatcherFactory.INSTANCE, ScriptedRandom.of(), null);
  }

  private static Router at(Router router, int basisPoints) {
    return router.withRollout("orders", new Rollout(Mode.CANARY, percent(basisPoints)));
  }

  private static Target target(Router router, String key) {
    RoutingDecision decision =
        router.decide(TestRequest.get("/api/orders/1").withHeader("X-User-Id", key));
    assertThat(decision.sticky()).as("sticky for key %s", key).isTrue();
    return decision.target();
  }

  @Property(tries = 200)
  void percent_raised_neverMovesAKeyFromModernToLegacy(
      @ForAll("salts") String salt,
      @ForAll("keys") List<String> keys,
      @ForAll("basisPoints") int first,
      @ForAll("basisPoints") int second) {
    Router router = router(salt);
    Router low = at(router, Math.min(first, second));
    Router high = at(router, Math.max(first, second));

    for (String key : keys) {
      if (target(low, key) == Target.MODERN) {
        assertThat(target(high, key))
            .as("key %s on modern at %s, after the raise to %s", key, low, high)
            .isEqualTo(Target.MODERN);
      }
    }
  }

  @Property(tries = 50)
  void percent_zeroAndHundred_sendEveryKeyToOneSide(
      @ForAll("salts") String salt, @ForAll("keys") List<String> keys) {
    Router router = router(salt);

    for (String key : keys) {
      assertThat(target(at(router, 0), key)).as(key).isEqualTo(Target.LEGACY);
      assertThat(target(at(router, MAX_BASIS_POINTS), key)).as(key).isEqualTo(Target.MODERN);
    }
  }

  /**
   * Over n distinct keys the share on modern is within five standard deviations of a fair coin of
   * the percent, sqrt(p(1-p)/n): the share converges to the percent as keys are added (a property
   * of the hash, so the seed is fixed and the test deterministic).
   */
  @Property(tries = 12, seed = "20240611")
  void percent_shareOfManyKeys_convergesToThePercent(
      @ForAll("salts") String salt,
      @ForAll("basisPoints") int basisPoints,
      @ForAll("manyKeys") List<String> keys) {
    Router router = at(router(salt), basisPoints);
    double p = basisPoints / (double) MAX_BASIS_POINTS;

    for (int n : new int[] {keys.size() / 16, keys.size() / 4, keys.size()}) {
      long modern =
          keys.subList(0, n).stream().filter(k -> target(router, k) == Target.MODERN).count();
      double tolerance = 5 * Math.sqrt(p * (1 - p) / n) + 1.0 / n;

      assertThat((double) modern / n)
          .as("share of %d keys on modern at %s %%", n, percent(basisPoints))
          .isCloseTo(p, within(tolerance));
    }
  }

  @Provide
  Arbitrary<String> salts() {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .withChars("-_:./ ")
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(salt -> !salt.isBlank());
  }

  /** Any text a header may carry that is not blank: blank keys count as absent. */
  @Provide
  Arbitrary<List<String>> keys() {
    return Arbitraries.strings()
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(key -> !key.isBlank())
        .list()
        .ofMinSize(1)
        .ofMaxSize(100);
  }

  /**
   * 16 000 distinct printable keys of 6 to 24 characters, drawn from a generated seed (jqwik's own
   * list generator takes seconds to make that many unique strings).
   */
  @Provide
  Arbitrary<List<String>> manyKeys() {
    return Arbitraries.longs()
        .map(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              Set<String> keys = new LinkedHashSet<>();
              while (keys.size() < 16_000) {
                char[] key = new char[random.nextInt(6, 25)];
                for (int i = 0; i < key.length; i++) {
                  key[i] = (char) random.nextInt('!', '~' + 1);
                }
                keys.add(new String(key));
              }
              return List.copyOf(keys);
            });
  }

  @Provide
  Arbitrary<Integer> basisPoints() {
    return Arbitraries.integers().between(0, MAX_BASIS_POINTS);
  }

  private static Percent percent(int basisPoints) {
    return Percent.ofBasisPoints(basisPoints);
  }
}
