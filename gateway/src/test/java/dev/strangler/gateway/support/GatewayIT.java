package dev.strangler.gateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * An integration test of the running gateway: the application on random ports (the management port
 * too, see the tests' {@code config/application.properties}), its clock a {@link TestClock}
 * following the system's, and its rules file the one of the test class's {@code static} {@link
 * GatewayBackends} field.
 *
 * <p>The context is closed after the test class ({@link DirtiesContext}): its rules file is the
 * class's own, so no other class could reuse it, and a context left in Spring's cache would keep
 * its servers and periodic tasks running until the fork ends, to be closed there with all the
 * others.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.InContext.class)
@ContextCustomizerFactories(GatewayBackends.RulesLocation.class)
@DirtiesContext
public @interface GatewayIT {

  /**
   * @return further properties of the gateway, as {@code name=value}
   */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};
}
