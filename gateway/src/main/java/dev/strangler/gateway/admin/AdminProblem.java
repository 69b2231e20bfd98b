package dev.strangler.gateway.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An admin call that cannot be done, with the status and the reason its caller gets as an {@code
 * application/problem+json} document. {@link AdminApi} turns it into the response.
 */
final class AdminProblem extends RuntimeException {

  private static final String TYPES = "https://strangler.dev/problems/";

  private final HttpStatus status;

  private final URI type;

  private final Map<String, Object> extensions;

  private final Map<String, String> headers;

  private AdminProblem(
      HttpStatus status,
      String type,
      String detail,
      Map<String, Object> extensions,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = URI.create(TYPES + type);
    this.extensions = Map.copyOf(extensions);
    this.headers = Map.copyOf(headers);
  }

  private AdminProblem(
      HttpStatus status, String type, String detail, Map<String, Object> extensions) {
    this(status, type, detail, extensions, Map.of());
  }

  /**
   * A bad request: every problem of the input.
   *
   * @param errors each problem of the input, as {@code field: value (expected: ...)}
   * @return a 400 naming every problem
   */
  static AdminProblem invalid(List<String> errors) {
    return new AdminProblem(
        HttpStatus.BAD_REQUEST,
        "invalid-request",
        String.join("; ", errors),
        Map.of("errors", List.copyOf(errors)));
  }

  static AdminProblem unknownRoute(String routeId) {
    return new AdminProblem(
        HttpStatus.NOT_FOUND,
        "unknown-route",
        "route " + routeId + " is not in the rules",
        Map.of("route", routeId));
  }

  static AdminProblem notFound(String type, String detail) {
    return new AdminProblem(HttpStatus.NOT_FOUND, type, detail, Map.of());
  }

  static AdminProblem methodNotAllowed(String detail, String allowed) {
    return new AdminProblem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "method-not-allowed",
        detail,
        Map.of(),
        Map.of(HttpHeaders.ALLOW, allowed));
  }

  static AdminProblem of(HttpStatus status, String type, String detail) {
    return new AdminProblem(status, type, detail, Map.of());
  }

  HttpStatus status() {
    return status;
  }

  URI type() {
    return type;
  }

  String detail() {
    return String.valueOf(getMessage());
  }

  Map<String, Object> extensions() {
    return extensions;
  }

  Map<String, String> headers() {
    return headers;
  }
}
