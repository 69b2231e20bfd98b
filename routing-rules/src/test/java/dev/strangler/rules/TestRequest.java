package dev.strangler.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A mutable request for tests, built fluently. */
final class TestRequest implements RoutingRequest {

  private final String method;
  private final String path;
  private final Map<String, String> headers = new HashMap<>();
  private final Map<String, String> cookies = new HashMap<>();
  private final Map<String, String> query = new HashMap<>();
  private @Nullable String remoteAddress;

  private TestRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static TestRequest of(String method, String path) {
    return new TestRequest(method, path);
  }

  static TestRequest get(String path) {
    return of("GET", path);
  }

  TestRequest withHeader(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  TestRequest withCookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  TestRequest withQueryParam(String name, String value) {
    query.put(name, value);
    return this;
  }

  TestRequest withRemoteAddress(String address) {
    this.remoteAddress = address;
    return this;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public @Nullable String cookie(String name) {
    return cookies.get(name);
  }

  @Override
  public @Nullable String queryParam(String name) {
    return query.get(name);
  }

  @Override
  public @Nullable String remoteAddress() {
    return remoteAddress;
  }
}
