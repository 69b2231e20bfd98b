package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.shadow.CompareOptions;
import dev.strangler.shadow.ResponseComparator;
import dev.strangler.shadow.ResponseSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {

  static final String JSON = "{\"id\":7,\"items\":[1,2,3]}";

  @Test
  void gzipBody_isInflatedBeforeComparison() throws IOException {
    ResponseSnapshot gzipped = snapshot("gzip", gzip(JSON));
    ResponseSnapshot plain =
        ResponseSnapshot.of(200, json("gzip"), JSON.getBytes(StandardCharsets.UTF_8));

    ResponseSnapshot decoded = ContentDecoding.decoded(gzipped, 1024);

    assertThat(new String(decoded.body(), StandardCharsets.UTF_8)).isEqualTo(JSON);
    assertThat(ResponseComparator.of(CompareOptions.defaults()).compare(plain, decoded)).isEmpty();
  }

  @Test
  void deflateBody_isInflated() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(JSON.getBytes(StandardCharsets.UTF_8));
    }

    ResponseSnapshot decoded =
        ContentDecoding.decoded(snapshot("deflate", out.toByteArray()), 1024);

    assertThat(new String(decoded.body(), StandardCharsets.UTF_8)).isEqualTo(JSON);
  }

  @Test
  void labelledGzipButNotCompressed_isComparedAsItCame() {
    ResponseSnapshot fake = snapshot("gzip", JSON.getBytes(StandardCharsets.UTF_8));

    assertThat(ContentDecoding.decoded(fake, 1024)).isSameAs(fake);
  }

  @Test
  void uncompressedBody_isUntouched() {
    ResponseSnapshot plain =
        ResponseSnapshot.of(200, Map.of(), JSON.getBytes(StandardCharsets.UTF_8));

    assertThat(ContentDecoding.decoded(plain, 1024)).isSameAs(plain);
  }

  @Test
  void compressionBomb_isReadOnlyUpToTheBound() throws IOException {
    byte[] bomb = gzip("0".repeat(10_000_000));

    ResponseSnapshot decoded = ContentDecoding.decoded(snapshot("gzip", bomb), 1000);

    assertThat(decoded.truncated()).isTrue();
    assertThat(decoded.bodyLength()).isEqualTo(1000L * ContentDecoding.MAX_EXPANSION);
  }

  private static ResponseSnapshot snapshot(String encoding, byte[] body) {
    return ResponseSnapshot.of(200, json(encoding), body);
  }

  private static Map<String, List<String>> json(String encoding) {
    return Map.of(
        "Content-Type", List.of("application/json"), "Content-Encoding", List.of(encoding));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
