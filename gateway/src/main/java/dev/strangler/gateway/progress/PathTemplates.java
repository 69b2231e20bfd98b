package dev.strangler.gateway.progress;

/**
 * Folds request paths into templates: a segment that looks like an identifier becomes {@code {id}},
 * so that {@code /api/users/42/orders/7f1c9a3e} and {@code /api/users/7/orders/0b22ce91} are both
 * {@code /api/users/{id}/orders/{id}}.
 *
 * <p>A segment is an identifier when it is all decimal digits, a UUID ({@code 8-4-4-4-12} hex
 * digits), or hex-looking: at least {@value #MIN_HEX_LENGTH} hex digits with at least one decimal
 * digit among them (so that words such as {@code facade} or {@code deadbeef} stay). Path parameters
 * ({@code ;jsessionid=...}) are cut off each segment. Only the first {@value #MAX_PATH_CHARS}
 * characters of a path are read; a longer path's template ends with {@code …}.
 *
 * <p>{@link #hash} computes the 64-bit hash of a path's template without building it and without
 * allocating, for the request path; {@link #template} builds the text, off the request path. Two
 * paths with the same template have the same hash.
 */
final class PathTemplates {

  /** Characters of a path read; the rest is left out of its template. */
  static final int MAX_PATH_CHARS = 256;

  /** The shortest hex-looking segment folded into {@code {id}}. */
  static final int MIN_HEX_LENGTH = 8;

  static final String ID = "{id}";

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;

  private static final long FNV_PRIME = 0x100000001b3L;

  private static final int UUID_LENGTH = 36;

  private PathTemplates() {}

  /**
   * Hashes the template of a path without building it.
   *
   * @param path a request path, as sent (percent-encodings kept)
   * @return the hash of its template, never 0
   */
  static long hash(String path) {
    int length = Math.min(path.length(), MAX_PATH_CHARS);
    long hash = FNV_OFFSET;
    int i = 0;
    while (i < length) {
      char c = path.charAt(i);
      if (c == '/') {
        hash = mix(hash, c);
        i++;
        continue;
      }
      // one pass over the segment: hash it as a literal and classify it at the same time
      int start = i;
      long literal = hash;
      boolean digitsOnly = true;
      boolean hexOnly = true;
      boolean anyDigit = false;
      boolean inParameter = false;
      int cut = -1;
      for (; i < length && (c = path.charAt(i)) != '/'; i++) {
        if (inParameter) {
          continue;
        }
        if (c == ';') {
          inParameter = true;
          cut = i;
          continue;
        }
        literal = mix(literal, c);
        boolean digit = c >= '0' && c <= '9';
        anyDigit |= digit;
        digitsOnly &= digit;
        hexOnly &= digit || isHexLetter(c);
      }
      int end = cut < 0 ? i : cut;
      int segmentLength = end - start;
      boolean id =
          segmentLength > 0
              && (digitsOnly
                  || (hexOnly
                      ? anyDigit && segmentLength >= MIN_HEX_LENGTH
                      : isUuid(path, start, end)));
      if (id) {
        for (int k = 0; k < ID.length(); k++) {
          hash = mix(hash, ID.charAt(k));
        }
      } else {
        hash = literal;
      }
    }
    if (path.length() > MAX_PATH_CHARS) {
      hash = mix(hash, '…');
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return hash == 0 ? 1 : hash;
  }

  /**
   * Folds a path into its template.
   *
   * @param path a request path, as sent
   * @return its template
   */
  static String template(String path) {
    int length = Math.min(path.length(), MAX_PATH_CHARS);
    StringBuilder template = new StringBuilder(length + 8);
    int start = 0;
    while (start < length) {
      char c = path.charAt(start);
      if (c == '/') {
        template.append(c);
        start++;
        continue;
      }
      int end = segmentEnd(path, start, length);
      int cut = parameterStart(path, start, end);
      if (isId(path, start, cut)) {
        template.append(ID);
      } else {
        template.append(path, start, cut);
      }
      start = end;
    }
    if (path.length() > MAX_PATH_CHARS) {
      template.append('…');
    }
    return template.toString();
  }

  private static long mix(long hash, char c) {
    return (hash ^ c) * FNV_PRIME;
  }

  private static int segmentEnd(String path, int start, int length) {
    int end = start;
    while (end < length && path.charAt(end) != '/') {
      end++;
    }
    return end;
  }

  private static int parameterStart(String path, int start, int end) {
    for (int i = start; i < end; i++) {
      if (path.charAt(i) == ';') {
        return i;
      }
    }
    return end;
  }

  /** Whether {@code path[start, end)} is an identifier. */
  static boolean isId(String path, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return false;
    }
    boolean digitsOnly = true;
    boolean hexOnly = true;
    boolean anyDigit = false;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      anyDigit |= digit;
      digitsOnly &= digit;
      hexOnly &= digit || isHexLetter(c);
    }
    if (digitsOnly) {
      return true;
    }
    if (hexOnly) {
      return anyDigit && length >= MIN_HEX_LENGTH;
    }
    return isUuid(path, start, end);
  }

  private static boolean isUuid(String path, int start, int end) {
    if (end - start != UUID_LENGTH) {
      return false;
    }
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = path.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = (c >= '0' && c <= '9') || isHexLetter(c);
      if (dash ? c != '-' : !hex) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexLetter(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
