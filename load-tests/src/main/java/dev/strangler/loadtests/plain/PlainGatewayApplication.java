package dev.strangler.loadtests.plain;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The baseline of the benchmark: a Spring Cloud Gateway application with nothing but one route,
 * {@code Path=/**} to the backend, declared in {@code plain-gateway.yml}. It has the same starters
 * as the Strangler gateway (Spring Cloud Gateway on WebFlux and the actuator) and none of its
 * filters, so the difference between the two is the cost of Strangler's own logic.
 *
 * <p>Its configuration file has its own name, so that the gateway's {@code application.yml}, which
 * is on the same classpath, is not read. Start it with {@code --backend.port=P --server.port=S}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PlainGatewayApplication {

  /**
   * Starts the plain gateway.
   *
   * @param args Spring Boot command line arguments
   */
  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(PlainGatewayApplication.class);
    application.setDefaultProperties(Map.of("spring.config.name", "plain-gateway"));
    application.run(args);
  }
}
