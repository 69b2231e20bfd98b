package dev.strangler.gateway.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP/1.1 backend written on plain sockets, for the shapes WireMock cannot make:
 * closing a kept-alive connection right after an answer, closing idle connections, never answering,
 * and malformed answers. Each accepted connection runs {@link Behaviour} on a thread of its own;
 * every request it read is recorded in {@link #received()}.
 */
public final class RawHttpBackend implements AutoCloseable {

  private final ServerSocket server;

  private final ExecutorService threads = Executors.newCachedThreadPool();

  private final List<Request> received = new CopyOnWriteArrayList<>();

  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private final AtomicInteger connections = new AtomicInteger();

  private volatile Behaviour behaviour;

  private RawHttpBackend(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /**
   * @param behaviour what to do with each connection
   * @return a started backend on a loopback port
   */
  public static RawHttpBackend start(Behaviour behaviour) {
    try {
      return new RawHttpBackend(behaviour);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * @return {@code http://127.0.0.1:PORT}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /**
   * @param behaviour what to do with connections accepted from now on
   */
  public void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /**
   * @return every request read so far, in order
   */
  public List<Request> received() {
    return List.copyOf(received);
  }

  /**
   * @return connections accepted so far
   */
  public int connections() {
    return connections.get();
  }

  /** Forgets the requests received so far. */
  public void reset() {
    received.clear();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } finally {
      open.forEach(RawHttpBackend::closeQuietly);
      threads.shutdownNow();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        open.add(socket);
        Behaviour current = behaviour;
        threads.execute(() -> serve(socket, current));
      } catch (IOException ex) {
        return;
      }
    }
  }

  private void serve(Socket socket, Behaviour current) {
    try {
      current.serve(new Connection(socket));
    } catch (IOException ex) {
      // the peer went away: nothing to serve any more
    } finally {
      closeQuietly(socket);
      open.remove(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ex) {
      // closing anyway
    }
  }

  /** What the backend does with one connection. */
  @FunctionalInterface
  public interface Behaviour {

    /**
     * @param connection the accepted connection; closed when this returns
     * @throws IOException when the peer goes away
     */
    void serve(Connection connection) throws IOException;
  }

  /**
   * A request as the backend read it.
   *
   * @param method the method
   * @param target the request target
   * @param headers the headers, names in lower case
   * @param body the body, read by {@code Content-Length}
   */
  public record Request(String method, String target, Map<String, String> headers, byte[] body) {}

  /** One accepted connection, with the means to read requests and write raw answers. */
  public final class Connection {

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /**
     * Reads the next request: head and a body of {@code Content-Length} bytes.
     *
     * @return the request, or null when the peer closed the connection first
     * @throws IOException when the connection breaks
     */
    public @Nullable Request read() throws IOException {
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = readLine()) != null && !line.isEmpty()) {
        lines.add(line);
      }
      if (lines.isEmpty()) {
        return null;
      }
      String[] requestLine = lines.get(0).split(" ", 3);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String header : lines.subList(1, lines.size())) {
        int colon = header.indexOf(':');
        headers.put(
            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      Request request = new Request(requestLine[0], requestLine[1], headers, body);
      received.add(request);
      return request;
    }

    /**
     * Writes raw bytes and flushes.
     *
     * @param raw the bytes, as ISO-8859-1 text
     * @throws IOException when the connection breaks
     */
    public void write(String raw) throws IOException {
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /**
     * Writes a {@code 200} answer with a body and its {@code Content-Length}, keeping the
     * connection open as HTTP/1.1 does by default.
     *
     * @param body the body
     * @throws IOException when the connection breaks
     */
    public void ok(String body) throws IOException {
      write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
              + body.getBytes(StandardCharsets.ISO_8859_1).length
              + "\r\n\r\n"
              + body);
    }

    /**
     * Waits for the peer to send something or to close.
     *
     * @param millis at most this long
     * @return false when the wait ended without data (idle time passed)
     * @throws IOException when the connection breaks
     */
    public boolean awaitData(int millis) throws IOException {
      socket.setSoTimeout(millis);
      try {
        in.mark(1);
        int first = in.read();
        in.reset();
        return first >= 0;
      } catch (java.net.SocketTimeoutException ex) {
        return false;
      } finally {
        socket.setSoTimeout(0);
      }
    }

    /**
     * Waits before the next step.
     *
     * @param millis how long
     */
    public void pause(int millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }

    /** Holds the connection open, reading and discarding, until the peer or the test closes it. */
    public void hold() throws IOException {
      byte[] sink = new byte[8192];
      try {
        while (in.read(sink) >= 0) {
          // discard
        }
      } catch (SocketException ex) {
        // closed by the test or reset by the peer
      }
    }

    /** Closes with a TCP reset rather than a FIN. */
    public void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    private @Nullable String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int length = bytes.length;
          if (length > 0 && bytes[length - 1] == '\r') {
            length--;
          }
          return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        line.write(b);
      }
      return null;
    }
  }
}
