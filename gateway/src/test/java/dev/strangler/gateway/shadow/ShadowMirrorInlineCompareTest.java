package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.shadow.ResponseSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowMirrorInlineCompareTest {

  private static final Map<String, List<String>> JSON =
      Map.of("Content-Type", List.of("application/json"));

  private static ResponseSnapshot answer(int bytes, Map<String, List<String>> headers) {
    return ResponseSnapshot.of(200, headers, "x".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void comparedInline_smallAnswers_isTrue() {
    ResponseSnapshot small = answer(ShadowMirror.INLINE_COMPARE_BYTES, JSON);

    assertThat(ShadowMirror.comparedInline(small, answer(65, JSON), null)).isTrue();
    assertThat(ShadowMirror.comparedInline(small, small, answer(0, JSON))).isTrue();
  }

  @Test
  void comparedInline_anyLargerAnswer_isFalse() {
    ResponseSnapshot small = answer(65, JSON);
    ResponseSnapshot large = answer(ShadowMirror.INLINE_COMPARE_BYTES + 1, JSON);

    assertThat(ShadowMirror.comparedInline(large, small, null)).isFalse();
    assertThat(ShadowMirror.comparedInline(small, large, null)).isFalse();
    assertThat(ShadowMirror.comparedInline(small, small, large)).isFalse();
  }

  @Test
  void comparedInline_compressedAnswer_isFalse() {
    ResponseSnapshot gzip =
        answer(
            20,
            Map.of(
                "Content-Type", List.of("application/json"),
                "Content-Encoding", List.of("gzip")));

    assertThat(ShadowMirror.comparedInline(answer(20, JSON), gzip, null)).isFalse();
  }

  @Test
  void comparedInline_truncatedAnswer_isFalse() {
    ResponseSnapshot truncated =
        ResponseSnapshot.builder(200, JSON, 10).append(ByteBuffer.wrap(new byte[11])).build();

    assertThat(truncated.truncated()).isTrue();
    assertThat(ShadowMirror.comparedInline(answer(20, JSON), truncated, null)).isFalse();
  }
}
