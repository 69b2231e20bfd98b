package dev.strangler.rules;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The bucket of a sticky key: {@code MurmurHash3_x86_32(utf8(salt + ":" + key), seed 0)}, taken
 * unsigned modulo {@value #BUCKETS}.
 *
 * <p>A canary route sends a key to modern when its bucket is below the percent's {@link
 * Percent#basisPoints() basis points}. The bucket depends on nothing but salt and key, so every
 * replica gives a key the same answer, and raising the percent only ever adds buckets: no key moves
 * from modern back to legacy.
 *
 * <p>{@link #of(String, String)} is the formula as written. An instance made by {@link
 * #forSalt(String)} gives the same values for the request path: the salt's bytes are encoded once,
 * and the key is encoded into a per-thread buffer instead of a new array per request. Instances are
 * immutable and thread-safe.
 */
public final class StickyBucket {

  /** The number of buckets: one per basis point. */
  public static final int BUCKETS = 10_000;

  /** Keys up to this many UTF-8 bytes (with the salt) are hashed without allocating. */
  private static final int BUFFER_BYTES = 512;

  private static final ThreadLocal<byte[]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);

  private final String salt;
  private final byte[] prefix;

  private StickyBucket(String salt) {
    this.salt = salt;
    this.prefix = (salt + ":").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Computes the bucket of a key.
   *
   * @param salt the route's salt
   * @param key the sticky key; any string, including empty
   * @return the bucket, 0..{@value #BUCKETS} exclusive
   */
  public static int of(String salt, String key) {
    byte[] data = (salt + ":" + key).getBytes(StandardCharsets.UTF_8);
    return toBucket(MurmurHash3.hash32x86(data, 0, data.length, 0));
  }

  /**
   * Prepares the bucketing of one salt, for use on every request of a route.
   *
   * @param salt the route's salt
   * @return a bucketing whose {@link #bucket(String)} equals {@link #of(String, String) of(salt,
   *     key)}
   */
  public static StickyBucket forSalt(String salt) {
    return new StickyBucket(Objects.requireNonNull(salt, "salt"));
  }

  /**
   * Computes the bucket of a key under this salt.
   *
   * @param key the sticky key; any string, including empty
   * @return the bucket, 0..{@value #BUCKETS} exclusive; the same as {@code of(salt(), key)}
   */
  public int bucket(String key) {
    if (prefix.length + 3L * key.length() > BUFFER_BYTES) {
      return of(salt, key);
    }
    byte[] buffer = BUFFERS.get();
    System.arraycopy(prefix, 0, buffer, 0, prefix.length);
    int length = encodeUtf8(key, buffer, prefix.length);
    return toBucket(MurmurHash3.hash32x86(buffer, 0, length, 0));
  }

  /**
   * Returns the salt.
   *
   * @return the salt this bucketing was made for
   */
  public String salt() {
    return salt;
  }

  /**
   * Returns a description for logs.
   *
   * @return {@code StickyBucket[salt=...]}
   */
  @Override
  public String toString() {
    return "StickyBucket[salt=" + salt + "]";
  }

  private static int toBucket(int hash) {
    return Integer.remainderUnsigned(hash, BUCKETS);
  }

  /**
   * Encodes like {@code String.getBytes(UTF_8)}, including its replacement of an unpaired surrogate
   * by {@code '?'}, into {@code buffer} from {@code offset}; returns the end offset. The caller
   * makes sure the buffer has room for 3 bytes per char, the most UTF-8 needs.
   */
  private static int encodeUtf8(String text, byte[] buffer, int offset) {
    int position = offset;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        buffer[position++] = (byte) c;
      } else if (c < 0x800) {
        buffer[position++] = (byte) (0xC0 | (c >> 6));
        buffer[position++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          int codePoint = Character.toCodePoint(c, text.charAt(++i));
          buffer[position++] = (byte) (0xF0 | (codePoint >> 18));
          buffer[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
          buffer[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
          buffer[position++] = (byte) (0x80 | (codePoint & 0x3F));
        } else {
          buffer[position++] = (byte) '?';
        }
      } else {
        buffer[position++] = (byte) (0xE0 | (c >> 12));
        buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buffer[position++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return position;
  }
}
