package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StickyBucketTest {

  /** Buckets worked out once with Guava's murmur3_32_fixed and written down. */
  @ParameterizedTest
  @CsvSource({
    "orders, user-1, 4159",
    "orders, user-2, 2815",
    "orders, '', 2996",
    "orders, ünïcode, 8425",
    "orders, 😀, 7648",
    "payments, user-1, 2003"
  })
  void of_goldenValues(String salt, String key, int bucket) {
    assertThat(StickyBucket.of(salt, key)).isEqualTo(bucket);
    assertThat(StickyBucket.forSalt(salt).bucket(key)).isEqualTo(bucket);
    assertThat(guavaBucket(salt, key)).isEqualTo(bucket);
  }

  @Test
  void of_matchesAnIndependentMurmur3OverManyKeys() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      String key = randomKey(random);
      assertThat(StickyBucket.of("orders", key)).as(key).isEqualTo(guavaBucket("orders", key));
    }
  }

  /** The per-thread buffer path encodes like String.getBytes, unpaired surrogates included. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "ü",
        "€",
        "😀",
        "\uD83D",
        "\uDE00",
        "x\uD83Dy",
        "\uDE00\uD83D",
        "user-42"
      })
  void bucket_equalsOf_forTrickyKeys(String key) {
    assertThat(StickyBucket.forSalt("s").bucket(key)).isEqualTo(StickyBucket.of("s", key));
  }

  @Test
  void bucket_equalsOf_forRandomAndLongKeys() {
    SplittableRandom random = new SplittableRandom(11);
    StickyBucket bucket = StickyBucket.forSalt("checkout");
    for (int i = 0; i < 10_000; i++) {
      String key = randomKey(random);
      assertThat(bucket.bucket(key)).as(key).isEqualTo(StickyBucket.of("checkout", key));
    }
    String longKey = "k".repeat(10_000) + "ü";
    assertThat(bucket.bucket(longKey)).isEqualTo(StickyBucket.of("checkout", longKey));
  }

  @Test
  void bucket_sameKey_sameBucketEveryTimeAndInstance() {
    int first = StickyBucket.forSalt("orders").bucket("user-1");

    for (int i = 0; i < 100; i++) {
      assertThat(StickyBucket.forSalt("orders").bucket("user-1")).isEqualTo(first);
    }
  }

  @Test
  void bucket_isWithinRange() {
    StickyBucket bucket = StickyBucket.forSalt("orders");
    for (int i = 0; i < 10_000; i++) {
      assertThat(bucket.bucket("user-" + i)).isBetween(0, StickyBucket.BUCKETS - 1);
    }
  }

  @Test
  void salt_separatesRoutes() {
    int differing = 0;
    for (int i = 0; i < 1_000; i++) {
      if (StickyBucket.of("orders", "user-" + i) != StickyBucket.of("payments", "user-" + i)) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(990);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "25", "50", "12.5"})
  void percent_distributesKeysWithinOnePoint(String percent) {
    StickyBucket bucket = StickyBucket.forSalt("orders");
    int basisPoints = Percent.of(percent).basisPoints();
    int modern = 0;
    int keys = 100_000;
    for (int i = 0; i < keys; i++) {
      if (bucket.bucket("user-" + i) < basisPoints) {
        modern++;
      }
    }

    assertThat(100.0 * modern / keys).isCloseTo(basisPoints / 100.0, within(1.0));
  }

  private static int guavaBucket(String salt, String key) {
    int hash =
        Hashing.murmur3_32_fixed()
            .hashBytes((salt + ":" + key).getBytes(StandardCharsets.UTF_8))
            .asInt();
    return Integer.remainderUnsigned(hash, StickyBucket.BUCKETS);
  }

  /** Mixed ASCII, Latin-1, BMP, supplementary and unpaired surrogate characters. */
  private static String randomKey(SplittableRandom random) {
    StringBuilder key = new StringBuilder();
    int length = random.nextInt(0, 40);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0 -> key.append((char) random.nextInt(0x20, 0x7F));
        case 1 -> key.append((char) random.nextInt(0x80, 0x800));
        case 2 -> key.append((char) random.nextInt(0x800, 0xD800));
        case 3 -> key.appendCodePoint(random.nextInt(0x10000, 0x110000));
        default -> key.append((char) random.nextInt(0xD800, 0xE000));
      }
    }
    return key.toString();
  }

  @Test
  void forSalt_keepsItsSaltAndNamesItInToString() {
    StickyBucket bucket = StickyBucket.forSalt("orders-2024");

    assertThat(bucket.salt()).isEqualTo("orders-2024");
    assertThat(bucket).hasToString("StickyBucket[salt=orders-2024]");
  }
}
