package dev.strangler.gateway.client;

/** Transmissions in a given state, as the connection tracking would have left them. */
public final class TestTransmissions {

  private TestTransmissions() {}

  /**
   * @param reused whether the connection had carried a request before
   * @return a transmission whose request was written on a connection
   */
  public static Transmission sent(boolean reused) {
    Transmission transmission = connectedNothingSent(reused);
    transmission.onBytesSent();
    return transmission;
  }

  /**
   * @param reused whether the connection had carried a request before
   * @return a transmission that had a connection and wrote nothing on it
   */
  public static Transmission connectedNothingSent(boolean reused) {
    Transmission transmission = new Transmission();
    transmission.onConnection(reused);
    return transmission;
  }

  /**
   * @param transmission a transmission
   */
  public static void received(Transmission transmission) {
    transmission.onBytesReceived();
  }
}
