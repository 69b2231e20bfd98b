package dev.strangler.gateway.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem documents ({@code application/problem+json}). The client gets a title, a
 * detail and identifiers, never an exception or a stack trace.
 */
public final class ProblemResponses {

  private final JsonMapper json;

  public ProblemResponses(JsonMapper json) {
    this.json = json;
  }

  /**
   * Builds a problem document.
   *
   * @param status the HTTP status
   * @param type a URI naming the kind of problem
   * @param detail the reason, for a person
   * @param extensions further members, e.g. {@code route} and {@code requestId}
   * @return the document as bytes
   */
  public byte[] document(HttpStatus status, URI type, String detail, Map<String, ?> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.toString());
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    body.putAll(extensions);
    return json.writeValueAsBytes(body);
  }

  /**
   * Writes a problem as the whole response, when nothing was sent yet.
   *
   * @param response the response
   * @param status the HTTP status
   * @param type the kind of problem
   * @param detail the reason
   * @param extensions further members
   * @return completion of the write; empty when the response was already committed
   */
  public Mono<Void> write(
      ServerHttpResponse response,
      HttpStatus status,
      URI type,
      String detail,
      Map<String, ?> extensions) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    byte[] bytes = document(status, type, detail, extensions);
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(bytes.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
  }
}
