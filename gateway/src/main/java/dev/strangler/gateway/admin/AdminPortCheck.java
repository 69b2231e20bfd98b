package dev.strangler.gateway.admin;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Says at start-up when the admin API is off: it lives on a management port of its own, and with
 * {@code management.server.port} unset, equal to {@code server.port} or negative there is none. The
 * API is not moved to the main port, whose traffic must never pass Spring Security.
 */
@Configuration(proxyBeanMethods = false)
class AdminPortCheck {

  private static final Log log = LogFactory.getLog(AdminPortCheck.class);

  @Bean
  InitializingBean adminPortWarning(Environment environment) {
    return () -> {
      ManagementPortType type = ManagementPortType.get(environment);
      if (type != ManagementPortType.DIFFERENT) {
        log.warn(
            "The admin API and the dashboard are off: they need a management port of their own "
                + "(management.server.port, default 8081), and the management server is "
                + type
                + ". Set management.server.port to a port other than server.port.");
      }
    };
  }
}
