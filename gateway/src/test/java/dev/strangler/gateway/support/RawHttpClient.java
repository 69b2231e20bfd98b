package dev.strangler.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client on a plain socket, for requests no HTTP client library would send: it writes the bytes
 * as given and reads until the server closes the connection or stays silent for the read timeout.
 */
public final class RawHttpClient {

  private RawHttpClient() {}

  /**
   * @param port the gateway's port on loopback
   * @param raw the request bytes, as ISO-8859-1 text
   * @param readTimeoutMillis how long a silence ends the reading
   * @return what came back, and whether the server closed the connection
   */
  public static Reply exchange(int port, String raw, int readTimeoutMillis) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(readTimeoutMillis);
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      boolean closed;
      try {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          received.write(buffer, 0, read);
        }
        closed = true;
      } catch (SocketTimeoutException ex) {
        closed = false;
      } catch (IOException ex) {
        closed = true;
      }
      return new Reply(received.toString(StandardCharsets.ISO_8859_1), closed);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * @param text everything the server sent
   * @param closed whether the server closed the connection (rather than falling silent)
   */
  public record Reply(String text, boolean closed) {

    /**
     * @return the status code of the first response, 0 when there is none
     */
    public int status() {
      if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
        return 0;
      }
      return Integer.parseInt(text.substring(9, 12));
    }

    /**
     * @return how many responses came back (status lines counted)
     */
    public int responses() {
      int count = 0;
      for (int at = text.indexOf("HTTP/1.1 "); at >= 0; at = text.indexOf("HTTP/1.1 ", at + 1)) {
        count++;
      }
      return count;
    }
  }
}
