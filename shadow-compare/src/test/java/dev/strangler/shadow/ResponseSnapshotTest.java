package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseSnapshotTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256Hex(byte[] body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
  }

  @Test
  void builder_sensitiveHeaders_neverStored() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("AUTHORIZATION", List.of("Bearer secret-token"));
    headers.put("cookie", List.of("session=secret"));
    headers.put("Set-Cookie", List.of("session=secret; HttpOnly"));
    headers.put("Proxy-Authorization", List.of("Basic c2VjcmV0"));
    headers.put("X-Kept", List.of("yes"));

    ResponseSnapshot snapshot = ResponseSnapshot.builder(200, headers, 16).build();

    assertThat(snapshot.headers()).containsOnlyKeys("x-kept");
    assertThat(snapshot.header("Authorization")).isEmpty();
    assertThat(snapshot.header("set-cookie")).isEmpty();
    assertThat(snapshot.headers().values().toString()).doesNotContain("secret");
    assertThat(snapshot.toString()).doesNotContain("secret");
  }

  @Test
  void of_sensitiveHeaders_neverStored() {
    ResponseSnapshot snapshot =
        ResponseSnapshot.of(
            200, Map.of("Cookie", List.of("a=1"), "Vary", List.of("Cookie")), new byte[0]);

    assertThat(snapshot.headers()).containsOnlyKeys("vary");
  }

  @Test
  void headers_lookupIsCaseInsensitive_namesLowerCase() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("X-Multi", List.of("a"));
    headers.put("x-multi", List.of("b"));

    ResponseSnapshot snapshot = ResponseSnapshot.of(200, headers, new byte[0]);

    assertThat(snapshot.headers()).containsOnlyKeys("content-type", "x-multi");
    assertThat(snapshot.header("CONTENT-TYPE")).containsExactly("application/json");
    assertThat(snapshot.headers().get("content-TYPE")).containsExactly("application/json");
    assertThat(snapshot.header("X-MULTI")).containsExactly("a", "b");
    assertThat(snapshot.header("absent")).isEmpty();
  }

  @Test
  void headers_nullNamesAndValues_skipped() {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put(null, List.of("HTTP/1.1 200 OK"));
    headers.put("X-Null", null);
    headers.put("X-Values", Arrays.asList("a", null));

    ResponseSnapshot snapshot = ResponseSnapshot.of(200, headers, new byte[0]);

    assertThat(snapshot.headers()).containsOnlyKeys("x-values");
    assertThat(snapshot.header("x-values")).containsExactly("a");
  }

  @Test
  void headers_unmodifiable() {
    ResponseSnapshot snapshot = ResponseSnapshot.of(200, Map.of("A", List.of("1")), new byte[0]);

    assertThatThrownBy(() -> snapshot.headers().put("b", List.of("2")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void append_chunks_sameAsWholeBody() throws Exception {
    byte[] whole = bytes("{\"a\":[1,2,3],\"b\":\"text\"}");
    ResponseSnapshot.Builder builder = ResponseSnapshot.builder(200, Map.of(), 1024);
    for (int i = 0; i < whole.length; i += 5) {
      builder.append(ByteBuffer.wrap(whole, i, Math.min(5, whole.length - i)));
    }

    ResponseSnapshot snapshot = builder.build();

    assertThat(snapshot.body()).isEqualTo(whole);
    assertThat(snapshot.bodyLength()).isEqualTo(whole.length);
    assertThat(snapshot.truncated()).isFalse();
    assertThat(snapshot.sha256Hex()).isEqualTo(sha256Hex(whole));
    assertThat(snapshot.sha256Hex())
        .isEqualTo(ResponseSnapshot.of(200, Map.of(), whole).sha256Hex());
  }

  @Test
  void append_beyondMaxCompareBytes_keepsOnlyLengthAndDigest() throws Exception {
    byte[] whole = new byte[10_000];
    Arrays.fill(whole, (byte) 'x');
    ResponseSnapshot.Builder builder = ResponseSnapshot.builder(200, Map.of(), 4096);

    builder.append(ByteBuffer.wrap(whole, 0, 4000));
    assertThat(builder.truncated()).isFalse();
    builder.append(ByteBuffer.wrap(whole, 4000, 6000));
    assertThat(builder.truncated()).isTrue();
    ResponseSnapshot snapshot = builder.build();

    assertThat(snapshot.truncated()).isTrue();
    assertThat(snapshot.body()).isEmpty();
    assertThat(snapshot.bodyLength()).isEqualTo(10_000);
    assertThat(snapshot.sha256Hex()).isEqualTo(sha256Hex(whole));
  }

  @Test
  void append_exactlyMaxCompareBytes_notTruncated() {
    ResponseSnapshot snapshot =
        ResponseSnapshot.builder(200, Map.of(), 4).append(ByteBuffer.wrap(bytes("abcd"))).build();

    assertThat(snapshot.truncated()).isFalse();
    assertThat(snapshot.body()).isEqualTo(bytes("abcd"));
  }

  @Test
  void append_zeroMaxCompareBytes_anyBodyTruncated() {
    ResponseSnapshot snapshot =
        ResponseSnapshot.builder(200, Map.of(), 0).append(ByteBuffer.wrap(bytes("a"))).build();

    assertThat(snapshot.truncated()).isTrue();
    assertThat(ResponseSnapshot.builder(200, Map.of(), 0).build().truncated()).isFalse();
  }

  @Test
  void append_doesNotMoveChunkPosition_andCopies() {
    ByteBuffer chunk = ByteBuffer.allocateDirect(3);
    chunk.put(bytes("abc")).flip();
    ResponseSnapshot.Builder builder = ResponseSnapshot.builder(200, Map.of(), 16).append(chunk);

    assertThat(chunk.position()).isZero();
    chunk.put(0, (byte) 'z');
    assertThat(builder.build().body()).isEqualTo(bytes("abc"));
  }

  @Test
  void append_afterBuild_isRejected() {
    ResponseSnapshot.Builder builder = ResponseSnapshot.builder(200, Map.of(), 16);
    ResponseSnapshot first = builder.build();

    assertThat(builder.build()).isSameAs(first);
    assertThatThrownBy(() -> builder.append(ByteBuffer.wrap(bytes("a"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void body_returnsCopy() {
    ResponseSnapshot snapshot = ResponseSnapshot.of(200, Map.of(), bytes("abc"));

    snapshot.body()[0] = 'z';

    assertThat(snapshot.body()).isEqualTo(bytes("abc"));
  }

  @Test
  void builder_invalidArguments_rejectedWithValueAndExpectation() {
    assertThatThrownBy(() -> ResponseSnapshot.builder(99, Map.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status: 99 (expected: 100..999)");
    assertThatThrownBy(() -> ResponseSnapshot.builder(200, Map.of(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCompareBytes: -1 (expected: >= 0)");
  }

  @Test
  void builder_statusAndBoundAtTheirLimits_accepted() {
    assertThat(ResponseSnapshot.builder(100, Map.of(), 0).build().status()).isEqualTo(100);
    assertThat(ResponseSnapshot.builder(999, Map.of(), 0).build().status()).isEqualTo(999);
    assertThatThrownBy(() -> ResponseSnapshot.builder(1000, Map.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status: 1000 (expected: 100..999)");
  }

  @Test
  void builder_bodyLength_countsEveryByteAppended() {
    ResponseSnapshot.Builder builder = ResponseSnapshot.builder(200, Map.of(), 4);

    builder.append(ByteBuffer.wrap(bytes("abc"))).append(ByteBuffer.wrap(bytes("defg")));

    assertThat(builder.bodyLength()).isEqualTo(7);
    assertThat(builder.truncated()).isTrue();
  }

  @Test
  void toString_namesStatusHeaderNamesLengthAndTruncation_notValues() {
    ResponseSnapshot snapshot =
        ResponseSnapshot.of(
            200,
            Map.of("Content-Type", List.of("text/plain"), "X-Secret", List.of("v")),
            bytes("abc"));

    assertThat(snapshot)
        .hasToString(
            "ResponseSnapshot[status=200, headers=[content-type, x-secret], bodyLength=3,"
                + " truncated=false]");
  }

  @Test
  void isJson_applicationJsonAndPlusJson_withParameters() {
    assertThat(Responses.text("application/json", "").isJson()).isTrue();
    assertThat(Responses.text("Application/JSON; charset=UTF-8", "").isJson()).isTrue();
    assertThat(Responses.text("application/problem+json", "").isJson()).isTrue();
    assertThat(Responses.text("application/vnd.api+json;v=2", "").isJson()).isTrue();
    assertThat(Responses.text("text/plain", "").isJson()).isFalse();
    assertThat(Responses.text("application/jsonp", "").isJson()).isFalse();
    assertThat(ResponseSnapshot.of(200, Map.of(), new byte[0]).isJson()).isFalse();
    assertThat(ResponseSnapshot.of(200, Map.of(), new byte[0]).contentType()).isNull();
  }
}
