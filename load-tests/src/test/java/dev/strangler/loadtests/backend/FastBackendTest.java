package dev.strangler.loadtests.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FastBackendTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void bodyFor_withoutBytes_isTheSmallDocument() {
    assertThat(FastBackend.bodyFor(19001, "/api/canary/items/42")).isSameAs(FastBackend.BODY);
    assertThat(FastBackend.bodyFor(19001, "/api/x?page=1")).isSameAs(FastBackend.BODY);
    assertThat(FastBackend.bodyFor(19001, "/api/x?nobytes=10")).isSameAs(FastBackend.BODY);
    assertThat(FastBackend.bodyFor(19001, "/api/x?bytes=abc")).isSameAs(FastBackend.BODY);
    assertThat(FastBackend.bodyFor(19001, "/api/x?bytes=0")).isSameAs(FastBackend.BODY);
  }

  @Test
  void bodyFor_bytes_isJsonOfAboutThatSize() {
    for (int bytes : new int[] {1024, 10_240, 102_400, 1_024_000}) {
      byte[] body = FastBackend.bodyFor(19001, "/api/shadow/items/1?a=b&bytes=" + bytes);

      assertThat(body.length).isBetween(bytes, bytes + 200);
      JsonNode tree = JSON.readTree(body);
      assertThat(tree.get("server").asInt()).isEqualTo(19001);
      assertThat(tree.get("items").size()).isPositive();
    }
  }

  @Test
  void bodyFor_twoPorts_differInTheServerOnly() {
    String legacy = new String(FastBackend.bodyFor(19001, "/x?bytes=4096"), StandardCharsets.UTF_8);
    String modern = new String(FastBackend.bodyFor(19002, "/x?bytes=4096"), StandardCharsets.UTF_8);

    assertThat(legacy).isNotEqualTo(modern);
    assertThat(legacy.replace("19001", "19002")).isEqualTo(modern);
  }
}
