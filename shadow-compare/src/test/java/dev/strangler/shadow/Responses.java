package dev.strangler.shadow;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshots for tests. */
final class Responses {

  private Responses() {}

  static ResponseSnapshot json(String body) {
    return json(200, body);
  }

  static ResponseSnapshot json(int status, String body) {
    return ResponseSnapshot.of(
        status,
        Map.of("Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  static ResponseSnapshot text(String contentType, String body) {
    return ResponseSnapshot.of(
        200, Map.of("Content-Type", List.of(contentType)), body.getBytes(StandardCharsets.UTF_8));
  }

  static ResponseSnapshot withHeaders(int status, String... namesAndValues) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return ResponseSnapshot.of(status, headers, new byte[0]);
  }
}
