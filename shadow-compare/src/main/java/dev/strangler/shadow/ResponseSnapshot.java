package dev.strangler.shadow;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable capture of one HTTP response, made to be compared: status, headers, the body up to a
 * bound, the body's total length and the SHA-256 digest of the whole body.
 *
 * <p>Headers are looked up case-insensitively; their names are kept in lower case. The values of
 * {@link #SENSITIVE_HEADERS} ({@code Authorization}, {@code Cookie}, {@code Set-Cookie}, {@code
 * Proxy-Authorization}) are never stored: the builder drops them when it is created.
 *
 * <p>A body longer than the builder's {@code maxCompareBytes} is <em>truncated</em>: only its
 * length and digest are kept, {@link #body()} is empty, and comparison falls back to length and
 * digest. The bytes retained while the body was still within the bound are released as soon as it
 * exceeds it.
 */
public final class ResponseSnapshot {

  /** Lower-case names of the headers whose values are never stored. */
  public static final Set<String> SENSITIVE_HEADERS =
      Set.of("authorization", "cookie", "set-cookie", "proxy-authorization");

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] EMPTY = new byte[0];

  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final long bodyLength;
  private final byte[] sha256;
  private final boolean truncated;

  private ResponseSnapshot(
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      long bodyLength,
      byte[] sha256,
      boolean truncated) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.bodyLength = bodyLength;
    this.sha256 = sha256;
    this.truncated = truncated;
  }

  /**
   * Starts a snapshot whose body arrives in chunks.
   *
   * @param status the HTTP status, {@code 100..999}
   * @param headers the response headers, names in any case; entries with a null name and null
   *     values are skipped, values of equal names in different cases are merged in order, and
   *     {@link #SENSITIVE_HEADERS} are dropped here, before anything is stored
   * @param maxCompareBytes the most body bytes kept for comparison, {@code >= 0} (the gateway's
   *     {@code strangler.shadow.max-compare-bytes}, default 1 MiB); a longer body is truncated
   * @return a builder, not thread-safe, to feed the body's chunks in order
   * @throws IllegalArgumentException when status or maxCompareBytes is out of bounds
   * @throws NullPointerException when headers is null
   */
  public static Builder builder(
      int status, Map<String, List<String>> headers, int maxCompareBytes) {
    return new Builder(status, headers, maxCompareBytes);
  }

  /**
   * A snapshot of a complete body, never truncated; mostly for tests.
   *
   * @param status the HTTP status, {@code 100..999}
   * @param headers the response headers, as {@link #builder} takes them
   * @param body the whole body; copied
   * @return the snapshot
   * @throws IllegalArgumentException when status is out of bounds
   * @throws NullPointerException when headers or body is null
   */
  public static ResponseSnapshot of(int status, Map<String, List<String>> headers, byte[] body) {
    Objects.requireNonNull(body, "body");
    return builder(status, headers, body.length).append(ByteBuffer.wrap(body)).build();
  }

  /**
   * Whether a header's values are never stored.
   *
   * @param name a header name in any case
   * @return {@code true} for {@code Authorization}, {@code Cookie}, {@code Set-Cookie} and {@code
   *     Proxy-Authorization}
   */
  public static boolean isSensitiveHeader(String name) {
    return SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The HTTP status.
   *
   * @return the status, {@code 100..999}
   */
  public int status() {
    return status;
  }

  /**
   * The headers without the sensitive ones.
   *
   * @return an unmodifiable map with lower-case names and case-insensitive lookup
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The values of one header.
   *
   * @param name the header name in any case
   * @return its values in order, empty when absent
   */
  public List<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null ? List.of() : values;
  }

  /**
   * The first {@code Content-Type} value.
   *
   * @return the content type with its parameters, or {@code null} when absent
   */
  public @Nullable String contentType() {
    List<String> values = header("content-type");
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * Whether the content type is JSON: {@code application/json} or any {@code +json} suffix,
   * parameters ignored.
   *
   * @return {@code true} for a JSON content type
   */
  public boolean isJson() {
    String contentType = contentType();
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /**
   * The body kept for comparison.
   *
   * @return a copy of the whole body, or an empty array when {@link #truncated()}
   */
  public byte[] body() {
    return body.clone();
  }

  /** The retained body without a copy, for the comparator. */
  byte[] bodyBytes() {
    return body;
  }

  /**
   * The length of the whole body, retained or not.
   *
   * @return the number of body bytes received
   */
  public long bodyLength() {
    return bodyLength;
  }

  /**
   * The SHA-256 digest of the whole body, retained or not.
   *
   * @return a copy of the 32-byte digest
   */
  public byte[] sha256() {
    return sha256.clone();
  }

  /**
   * The SHA-256 digest of the whole body in hex.
   *
   * @return 64 lower-case hex digits
   */
  public String sha256Hex() {
    return HEX.formatHex(sha256);
  }

  boolean sameBody(ResponseSnapshot other) {
    return bodyLength == other.bodyLength && MessageDigest.isEqual(sha256, other.sha256);
  }

  /**
   * Whether the body was longer than {@code maxCompareBytes}.
   *
   * @return {@code true} when only length and digest were kept
   */
  public boolean truncated() {
    return truncated;
  }

  @Override
  public String toString() {
    return "ResponseSnapshot[status="
        + status
        + ", headers="
        + headers.keySet()
        + ", bodyLength="
        + bodyLength
        + ", truncated="
        + truncated
        + "]";
  }

  /**
   * Collects a response body chunk by chunk. Not thread-safe: feed chunks from one thread at a
   * time, in order.
   */
  public static final class Builder {
    private final int status;
    private final Map<String, List<String>> headers;
    private final int maxCompareBytes;
    private final MessageDigest digest;
    private byte[] retained = EMPTY;
    private int retainedLength;
    private long bodyLength;
    private boolean truncated;
    private @Nullable ResponseSnapshot built;

    private Builder(int status, Map<String, List<String>> headers, int maxCompareBytes) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
      }
      if (maxCompareBytes < 0) {
        throw new IllegalArgumentException(
            "maxCompareBytes: " + maxCompareBytes + " (expected: >= 0)");
      }
      this.status = status;
      this.headers = copyHeaders(Objects.requireNonNull(headers, "headers"));
      this.maxCompareBytes = maxCompareBytes;
      this.digest = sha256Digest();
    }

    /**
     * Adds the next chunk of the body: its remaining bytes are digested and, while the body stays
     * within {@code maxCompareBytes}, copied. The chunk's position is not moved, and the chunk is
     * not referenced after this call, so the caller may release or reuse it.
     *
     * @param chunk the bytes between the chunk's position and limit
     * @return this builder
     * @throws IllegalStateException when {@link #build()} was already called
     * @throws NullPointerException when chunk is null
     */
    public Builder append(ByteBuffer chunk) {
      Objects.requireNonNull(chunk, "chunk");
      if (built != null) {
        throw new IllegalStateException("append after build (expected: all chunks before build())");
      }
      int length = chunk.remaining();
      if (length == 0) {
        return this;
      }
      bodyLength += length;
      if (!truncated && bodyLength > maxCompareBytes) {
        truncated = true;
        retained = EMPTY;
        retainedLength = 0;
      }
      if (!truncated) {
        ensureCapacity(retainedLength + length);
        chunk.duplicate().get(retained, retainedLength, length);
        retainedLength += length;
      }
      digest.update(chunk.duplicate());
      return this;
    }

    /**
     * Whether the body so far is longer than {@code maxCompareBytes}.
     *
     * @return {@code true} once only length and digest are being kept
     */
    public boolean truncated() {
      return truncated;
    }

    /**
     * The body length so far.
     *
     * @return the number of bytes appended
     */
    public long bodyLength() {
      return bodyLength;
    }

    /**
     * Finishes the snapshot. Calling it again returns the same snapshot.
     *
     * @return the immutable snapshot
     */
    public ResponseSnapshot build() {
      ResponseSnapshot snapshot = built;
      if (snapshot == null) {
        byte[] body =
            truncated || retainedLength == retained.length
                ? retained
                : Arrays.copyOf(retained, retainedLength);
        snapshot =
            new ResponseSnapshot(status, headers, body, bodyLength, digest.digest(), truncated);
        built = snapshot;
        retained = EMPTY;
      }
      return snapshot;
    }

    private void ensureCapacity(int needed) {
      if (needed <= retained.length) {
        return;
      }
      long doubled = Math.max(256L, (long) retained.length * 2);
      int capacity = (int) Math.min(Math.max(doubled, needed), maxCompareBytes);
      retained = Arrays.copyOf(retained, capacity);
    }

    private static Map<String, List<String>> copyHeaders(Map<String, List<String>> source) {
      Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (Map.Entry<String, List<String>> entry : source.entrySet()) {
        String name = entry.getKey();
        List<String> values = entry.getValue();
        if (name == null || values == null || isSensitiveHeader(name)) {
          continue;
        }
        List<String> target =
            merged.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
        for (String value : values) {
          if (value != null) {
            target.add(value);
          }
        }
      }
      Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      merged.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
      return Collections.unmodifiableMap(frozen);
    }

    private static MessageDigest sha256Digest() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }
  }
}
