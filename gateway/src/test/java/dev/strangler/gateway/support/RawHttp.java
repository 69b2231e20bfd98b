package dev.strangler.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client library would not send as it is: request
 * targets with dot-segments, encoded slashes or raw control characters, and connections from a
 * chosen local address (127.0.0.2, ::1). Every request asks the server to close the connection, so
 * the response is what the server sent until it closed.
 */
public final class RawHttp {

  private final InetAddress server;

  private final int port;

  private RawHttp(InetAddress server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param port the gateway's port on 127.0.0.1
   * @return a client of it
   */
  public static RawHttp ipv4(int port) {
    return new RawHttp(address("127.0.0.1"), port);
  }

  /**
   * @param port the gateway's port on ::1
   * @return a client of it
   * @throws IllegalStateException when this machine has no IPv6 loopback
   */
  public static RawHttp ipv6(int port) {
    InetAddress loopback = address("::1");
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(loopback, port), 5_000);
    } catch (IOException ex) {
      throw new IllegalStateException(
          "IPv6 loopback ::1 is not available on this machine (" + ex + "); the IPv6 tests need it",
          ex);
    }
    return new RawHttp(loopback, port);
  }

  /**
   * Sends {@code GET target} from the default local address.
   *
   * @param target the request target exactly as it goes on the wire, e.g. {@code /a/..;/b?x=1};
   *     chars up to U+00FF become one byte each
   * @param headers name, value, name, value...
   * @return the response
   */
  public Response get(String target, String... headers) {
    return send(null, "GET " + target + " HTTP/1.1", headers);
  }

  /**
   * Sends {@code GET target} from a chosen local address.
   *
   * @param from the local address, e.g. {@code 127.0.0.2}
   * @param target the request target
   * @param headers name, value, name, value...
   * @return the response
   */
  public Response getFrom(String from, String target, String... headers) {
    return send(address(from), "GET " + target + " HTTP/1.1", headers);
  }

  private Response send(@Nullable InetAddress from, String requestLine, String... headers) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\n");
    head.append("Host: ").append(hostHeader()).append("\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      if (from != null) {
        socket.bind(new InetSocketAddress(from, 0));
      }
      socket.setSoTimeout(20_000);
      socket.connect(new InetSocketAddress(server, port), 5_000);
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Response.parse(socket.getInputStream().readAllBytes());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private String hostHeader() {
    String host = server.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException ex) {
      throw new IllegalArgumentException(literal, ex);
    }
  }

  /**
   * A response as received.
   *
   * @param status the status code, 0 when the server closed without answering
   * @param headers the headers by lower-case name, the last value of each
   * @param body the body, chunked transfer coding removed
   */
  public record Response(int status, Map<String, String> headers, String body) {

    /**
     * @param name a header name, any case
     * @return its value, or {@code null}
     */
    public @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static Response parse(byte[] bytes) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      if (text.isEmpty() || headEnd < 0) {
        return new Response(0, Map.of(), text);
      }
      String[] lines = text.substring(0, headEnd).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      String body = text.substring(headEnd + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = unchunk(body);
      }
      return new Response(status, headers, body);
    }

    private static String unchunk(String chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int at = 0;
      while (true) {
        int lineEnd = chunked.indexOf("\r\n", at);
        int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
        if (size == 0) {
          return body.toString(StandardCharsets.ISO_8859_1);
        }
        body.writeBytes(
            chunked
                .substring(lineEnd + 2, lineEnd + 2 + size)
                .getBytes(StandardCharsets.ISO_8859_1));
        at = lineEnd + 2 + size + 2;
      }
    }
  }
}
