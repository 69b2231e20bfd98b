package dev.strangler.gateway.support;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls of the admin API on the management port, with a bearer token. */
public final class AdminClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GatewayClient client;

  private final String token;

  /**
   * @param managementPort the management port
   * @param token the bearer token sent with each call
   */
  public AdminClient(int managementPort, String token) {
    this.client = new GatewayClient(managementPort);
    this.token = token;
  }

  /**
   * @param path path and query
   * @return the response
   */
  public HttpResponse<String> get(String path) {
    return client.get(path, "Authorization", "Bearer " + token);
  }

  /**
   * Sends JSON.
   *
   * @param method PUT, POST...
   * @param path path and query
   * @param json the body
   * @return the response
   */
  public HttpResponse<String> send(String method, String path, String json) {
    return client.send(
        method, path, json, "Authorization", "Bearer " + token, "Content-Type", "application/json");
  }

  /**
   * Sets a route's rollout.
   *
   * @param route the route id
   * @param json the body
   * @return the response
   */
  public HttpResponse<String> rollout(String route, String json) {
    return send("PUT", "/admin/routes/" + route + "/rollout", json);
  }

  /**
   * @param path path and query of a JSON resource
   * @return its body, after checking the status is 200
   */
  public JsonNode json(String path) {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return parse(response.body());
  }

  /**
   * @param body JSON text
   * @return its tree
   */
  public static JsonNode parse(String body) {
    return JSON.readTree(body);
  }
}
