package dev.strangler.gateway.shadow;

import dev.strangler.shadow.ResponseSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Undoes {@code Content-Encoding: gzip} or {@code deflate} before comparison, so that two answers
 * with the same content compare equal however each side compressed it. The header itself is kept,
 * so a side that stopped compressing still shows as a header difference.
 *
 * <p>Inflation is bounded: at most {@link #MAX_EXPANSION} times {@code max-compare-bytes} are read,
 * which defuses compression bombs; beyond that the snapshot holds the length and digest of what was
 * read.
 */
final class ContentDecoding {

  static final int MAX_EXPANSION = 16;

  private ContentDecoding() {}

  static ResponseSnapshot decoded(ResponseSnapshot snapshot, int maxCompareBytes) {
    List<String> encodings = snapshot.header("content-encoding");
    if (encodings.isEmpty() || snapshot.truncated()) {
      return snapshot;
    }
    String encoding = encodings.get(encodings.size() - 1).trim().toLowerCase(Locale.ROOT);
    if (!encoding.equals("gzip") && !encoding.equals("deflate")) {
      return snapshot;
    }
    ResponseSnapshot.Builder decoded =
        ResponseSnapshot.builder(snapshot.status(), snapshot.headers(), maxCompareBytes);
    long limit = (long) maxCompareBytes * MAX_EXPANSION;
    try (InputStream in = open(encoding, snapshot.body())) {
      byte[] chunk = new byte[8192];
      long read = 0;
      int n;
      while (read < limit
          && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - read))) > 0) {
        decoded.append(ByteBuffer.wrap(chunk, 0, n));
        read += n;
      }
      return decoded.build();
    } catch (IOException ex) {
      // not really compressed: compare the bytes as they came
      return snapshot;
    }
  }

  private static InputStream open(String encoding, byte[] body) throws IOException {
    ByteArrayInputStream raw = new ByteArrayInputStream(body);
    return encoding.equals("gzip") ? new GZIPInputStream(raw) : new InflaterInputStream(raw);
  }
}
