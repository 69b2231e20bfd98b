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

  /**
   * Starts the gateway.
   *
   * @param args Spring Boot command line arguments, e.g. {@code
   *     --strangler.rules.location=rules.yaml}
   */
  public static void main(String[] args) {
    SpringApplication.run(StranglerApplication.class, args);
  }
}
