package dev.strangler.loadtests.gatling;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Settings shared by the simulations, read from system properties so that one command can run a
 * simulation at another rate or length: {@code -Dgateway.url} (default {@code
 * http://127.0.0.1:19200}), {@code -Drate} new users per second (default 200), {@code -Dramp} and
 * {@code -Dduration} in seconds (default 10 and 60), {@code -Dusers}, the size of the user
 * population (default 100000), {@code -Dconnections=per-user}. Every user sends one request: an
 * open workload, where the arrival rate does not depend on how fast the gateway answers.
 */
final class LoadSettings {

  static final String GATEWAY_URL = System.getProperty("gateway.url", "http://127.0.0.1:19200");

  static final double RATE = Double.parseDouble(System.getProperty("rate", "200"));

  static final Duration RAMP = Duration.ofSeconds(Long.getLong("ramp", 10));

  static final Duration DURATION = Duration.ofSeconds(Long.getLong("duration", 60));

  static final int USERS = Integer.getInteger("users", 100_000);

  private LoadSettings() {}

  /**
   * The HTTP protocol of every simulation: the gateway on loopback, the user's id in {@code
   * X-User-Id}, and no warm-up request (Gatling's default one goes to an outside host). Users share
   * a pool of kept-alive connections, as the clients of a gateway behind a load balancer or ingress
   * do; {@code -Dconnections=per-user} gives each user its own connection instead (a new TCP
   * connection per arriving user).
   */
  static HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = http.baseUrl(GATEWAY_URL);
    if (!"per-user".equals(System.getProperty("connections"))) {
      protocol = protocol.shareConnections();
    }
    return protocol
        .disableWarmUp()
        .acceptHeader("application/json")
        .header("X-User-Id", "#{userId}");
  }

  /** {@code userId}: a user drawn from the population, so that users come back, as real ones do. */
  static Iterator<Map<String, Object>> users() {
    return Stream.generate(
            () ->
                Map.<String, Object>of(
                    "userId", "user-" + ThreadLocalRandom.current().nextInt(USERS)))
        .iterator();
  }
}
