package dev.strangler.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP calls to a running gateway, from the test thread. */
public final class GatewayClient {

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private final String baseUrl;

  private final int port;

  public GatewayClient(int port) {
    this.port = port;
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /**
   * Sends a GET.
   *
   * @param path path and query
   * @param headers name, value, name, value...
   * @return the response
   */
  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  /**
   * Sends a request with a body.
   *
   * @param method the method
   * @param path path and query
   * @param body the body
   * @param headers name, value, name, value...
   * @return the response
   */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    return send(
        request(path, headers).method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /**
   * Sends a request whose body has no announced length: HTTP/1.1 sends it chunked.
   *
   * @param method the method
   * @param path path and query
   * @param body the body
   * @param headers name, value, name, value...
   * @return the response
   */
  public HttpResponse<String> sendChunked(
      String method, String path, String body, String... headers) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send(
        request(path, headers)
            .method(
                method,
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)))
            .build());
  }

  /**
   * Sends a request as raw bytes over a socket, for headers {@link HttpClient} refuses to set
   * (Connection, Upgrade); the request should ask the server to close the connection.
   *
   * @param rawRequest the request head, lines separated by CRLF, ending with an empty line
   * @return the raw response
   */
  public String raw(String rawRequest) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(rawRequest.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
