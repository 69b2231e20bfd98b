package dev.strangler.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Strangler gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StranglerApplication {

  /**
   * Starts the gateway.
   * @param args Spring Boot command line arguments, e.g. {@code --strangler.rules.location=rules.yaml}
   */
  public static void main(String[] args) {
    SpringApplication.run(StranglerApplication.class, args);
  }

}
