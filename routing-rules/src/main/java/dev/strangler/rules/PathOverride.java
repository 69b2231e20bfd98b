package dev.strangler.rules;

import org.jspecify.annotations.Nullable;

/** A request seen with another path, everything else as it is. */
final class PathOverride implements RoutingRequest {

  private final RoutingRequest request;

  private final String path;

  PathOverride(RoutingRequest request, String path) {
    this.request = request;
    this.path = path;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public @Nullable String header(String name) {
    return request.header(name);
  }

  @Override
  public @Nullable String cookie(String name) {
    return request.cookie(name);
  }

  @Override
  public @Nullable String queryParam(String name) {
    return request.queryParam(name);
  }

  @Override
  public @Nullable String remoteAddress() {
    return request.remoteAddress();
  }
}
