package dev.strangler.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for fault injection. */
public final class Ports {

  private Ports() {}

  /**
   * @return a loopback port nothing listens on, so connections to it are refused
   */
  public static int closed() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
