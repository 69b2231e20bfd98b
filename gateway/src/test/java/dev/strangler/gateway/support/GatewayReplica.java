package dev.strangler.gateway.support;

import dev.strangler.gateway.StranglerApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One gateway started in this JVM as an application context of its own, on ports of its own: a
 * replica among others on one Redis.
 */
public final class GatewayReplica implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private final String token;

  private GatewayReplica(ConfigurableApplicationContext context, String token) {
    this.context = context;
    this.token = token;
  }

  /**
   * Starts a gateway on free ports.
   *
   * @param token its admin token
   * @param args more Spring Boot arguments
   * @return the running gateway
   */
  public static GatewayReplica start(String token, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add("--server.port=0");
    all.add("--management.server.port=0");
    all.add("--strangler.admin.token=" + token);
    all.addAll(args);
    return new GatewayReplica(
        new SpringApplicationBuilder(StranglerApplication.class).run(all.toArray(String[]::new)),
        token);
  }

  /**
   * @return its application context
   */
  public ConfigurableApplicationContext context() {
    return context;
  }

  /**
   * @return a client of its traffic port
   */
  public GatewayClient client() {
    return new GatewayClient(port("local.server.port"));
  }

  /**
   * @return a client of its admin API
   */
  public AdminClient admin() {
    return new AdminClient(port("local.management.port"), token);
  }

  /**
   * @return a client of its management port, without a token (health, metrics)
   */
  public GatewayClient management() {
    return new GatewayClient(port("local.management.port"));
  }

  private int port(String property) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty(property));
  }

  @Override
  public void close() {
    context.close();
  }
}
