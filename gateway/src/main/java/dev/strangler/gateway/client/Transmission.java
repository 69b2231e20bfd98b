package dev.strangler.gateway.client;

import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * How far one request got on the wire to a backend, across its attempts: whether a connection was
 * had, whether it was a reused one, whether any byte of the request was handed to the socket, and
 * whether any byte of an answer came back.
 *
 * <p>Filled in on the backend connection's event loop by {@link ConnectionTracking}, read by the
 * routing filter when a call failed; a request that was never sent provably never reached its
 * backend.
 */
public final class Transmission {

  /** Exchange attribute holding the transmission of the current backend call. */
  public static final String ATTR = Transmission.class.getName();

  private volatile boolean connected;

  private volatile boolean reused;

  private volatile boolean sent;

  private volatile boolean answered;

  private volatile boolean newConnectionRequired;

  /**
   * Starts the transmission of a backend call and keeps it as the exchange's {@link #ATTR}.
   *
   * @param exchange the exchange whose request goes out
   * @return a transmission with nothing happened yet
   */
  public static Transmission start(ServerWebExchange exchange) {
    Transmission transmission = new Transmission();
    exchange.getAttributes().put(ATTR, transmission);
    return transmission;
  }

  /**
   * The transmission of an exchange's last backend call.
   *
   * @param exchange an exchange
   * @return the transmission of its last backend call, null when none was made
   */
  public static @Nullable Transmission of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTR);
  }

  /** The next attempt must go out on a new connection, not one from the pool. */
  public void requireNewConnection() {
    newConnectionRequired = true;
  }

  boolean newConnectionRequired() {
    return newConnectionRequired;
  }

  /** Returns whether any byte of the request was handed to a socket, in any attempt. */
  public boolean sent() {
    return sent;
  }

  /** Returns whether the last attempt ran on a connection that had carried a request before. */
  public boolean connectionReused() {
    return reused;
  }

  /** Returns whether any byte came back from the backend, in any attempt. */
  public boolean answered() {
    return answered;
  }

  /** Returns whether a connection was had for the request at all. */
  public boolean connected() {
    return connected;
  }

  void onConnection(boolean reusedConnection) {
    connected = true;
    reused = reusedConnection;
  }

  void onUntrackedConnection() {
    connected = true;
    reused = true;
    sent = true;
  }

  void onBytesSent() {
    if (!sent) {
      sent = true;
    }
  }

  void onBytesReceived() {
    if (!answered) {
      answered = true;
    }
  }
}
