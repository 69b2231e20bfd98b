package dev.strangler.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class OutgoingHeadersTest {

  private static void fill(HttpHeaders headers) {
    headers.add("Accept", "application/json");
    headers.add("X-Forwarded-For", "10.0.0.1");
    headers.add("accept", "text/plain");
    headers.set("X-Request-Id", "r-1");
    headers.add("Cookie", "a=1");
    headers.set("x-request-id", "r-2");
    headers.remove("COOKIE");
    headers.add("Via", "1.1 proxy");
  }

  private static List<Map.Entry<String, List<String>>> walked(HttpHeaders headers) {
    List<Map.Entry<String, List<String>>> walked = new ArrayList<>();
    headers.forEach((name, values) -> walked.add(Map.entry(name, List.copyOf(values))));
    return walked;
  }

  @Test
  void forEach_walksWhatSpringsHeadersWalk_eachNameOnceInTheCaseLastSet_inOrder() {
    HttpHeaders spring = new HttpHeaders();
    HttpHeaders outgoing = new OutgoingHeaders();
    fill(spring);
    fill(outgoing);

    assertThat(walked(outgoing))
        .isEqualTo(walked(spring))
        .containsExactly(
            Map.entry("Accept", List.of("application/json", "text/plain")),
            Map.entry("X-Forwarded-For", List.of("10.0.0.1")),
            Map.entry("x-request-id", List.of("r-2")),
            Map.entry("Via", List.of("1.1 proxy")));
    assertThat(outgoing.getFirst("ACCEPT")).isEqualTo("application/json");
  }
}
