package dev.strangler.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;

/**
 * Entry point of the Strangler gateway.
 *
 * <p>Spring Boot's reactive security auto-configuration is excluded: it would put a security filter
 * chain (and a generated user) in the main context, in front of the proxied traffic. The only
 * security chain is the admin API's, in the management server's context ({@code
 * dev.strangler.gateway.admin}).
 */
@SpringBootApplication(
    exclude = {
      ReactiveWebSecurityAutoConfiguration.class,
      ReactiveManagementWebSecurityAutoConfiguration.class,
      ReactiveUserDetailsServiceAutoConfiguration.class
    })
@ConfigurationPropertiesScan
public class StranglerApplication {

  /** Reactor Netty's setting of the number of event loops, read once when it is first used. */
  static final String EVENT_LOOPS_PROPERTY = "reactor.netty.ioWorkerCount";

  /**
   * Starts the gateway.
   *
   * @param args Spring Boot command line arguments, e.g. {@code
   *     --strangler.rules.location=rules.yaml}
   */
  public static void main(String[] args) {
    useOneEventLoopPerCpu();
    SpringApplication.run(StranglerApplication.class, args);
  }

  /**
   * One event loop per CPU the JVM may use (a container's CPU limit included), unless {@code
   * -Dreactor.netty.ioWorkerCount} says otherwise. Reactor Netty's own default is at least 4: on a
   * pod of one or two CPUs, four loops share the CPUs, and a loop that waits for a CPU holds up
   * every connection it serves. With one pool of backend connections per event loop ({@code
   * strangler.backend.pool-per-event-loop}) each request runs on one loop from start to end, so
   * loops and CPUs should match (as Envoy's workers match its cores).
   */
  static void useOneEventLoopPerCpu() {
    if (System.getProperty(EVENT_LOOPS_PROPERTY) == null) {
      System.setProperty(
          EVENT_LOOPS_PROPERTY, Integer.toString(Runtime.getRuntime().availableProcessors()));
    }
  }
}
