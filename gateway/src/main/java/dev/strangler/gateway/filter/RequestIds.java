package dev.strangler.gateway.filter;

import dev.strangler.gateway.support.StranglerHeaders;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.server.ServerWebExchange;

/**
 * The id of an exchange: the client's {@code X-Request-Id} when it is a sane token, else a new
 * random UUID. Computed once and kept as an exchange attribute.
 */
final class RequestIds {

  /** Exchange attribute holding the id. */
  public static final String ATTRIBUTE = RequestIds.class.getName() + ".requestId";

  private static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /**
   * The id of an exchange.
   *
   * @param exchange the exchange
   * @return its request id, made on first use
   */
  public static String of(ServerWebExchange exchange) {
    String id = exchange.getAttribute(ATTRIBUTE);
    if (id == null) {
      String offered = exchange.getRequest().getHeaders().getFirst(StranglerHeaders.REQUEST_ID);
      id = offered != null && isSane(offered) ? offered : randomUuid();
      exchange.getAttributes().put(ATTRIBUTE, id);
    }
    return id;
  }

  /**
   * A version-4 UUID from {@link ThreadLocalRandom}: request ids need to be unique, not secret, and
   * {@link UUID#randomUUID()} would read the blocking {@code SecureRandom} on an event loop.
   */
  private static String randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }

  private static boolean isSane(String value) {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 127) {
        return false;
      }
    }
    return true;
  }
}
