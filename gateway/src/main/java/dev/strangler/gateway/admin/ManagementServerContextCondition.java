package dev.strangler.gateway.admin;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches only in the child context of the management server. Spring Boot imports {@link
 * AdminManagementConfiguration} there, but component scanning of the application's package finds it
 * in the main context too: this keeps it, and Spring Security with it, out of the main context, so
 * the proxied traffic never passes a security filter.
 */
final class ManagementServerContextCondition implements Condition {

  /** The server namespace Spring Boot gives the management server's context. */
  static final String MANAGEMENT = "management";

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return context.getResourceLoader() instanceof ApplicationContext applicationContext
        && WebServerApplicationContext.hasServerNamespace(applicationContext, MANAGEMENT);
  }
}
