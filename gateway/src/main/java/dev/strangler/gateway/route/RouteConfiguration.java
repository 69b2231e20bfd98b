package dev.strangler.gateway.route;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rules file, watched, and the router in force. */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

  @Bean
  PathMatcherFactory pathMatcherFactory() {
    return new SpringPathPatterns();
  }

  /**
   * Spring Cloud Gateway's filter factories, looked up by name for the rules' filter entries as its
   * own route locator looks them up for routes.
   */
  @Bean
  SpringCloudGatewayFilters springCloudGatewayFilters(
      List<GatewayFilterFactory<?>> factories,
      ConfigurationService configurationService,
      BeanFactory beans,
      ApplicationEventPublisher events) {
    return new SpringCloudGatewayFilters(factories, configurationService, beans, events);
  }

  @Bean
  RulesParser rulesParser(PathMatcherFactory matchers, SpringCloudGatewayFilters filters) {
    return RulesParser.of(matchers, filters);
  }

  @Bean
  RulesSource rulesSource(StranglerProperties properties) {
    return RulesSource.of(properties.rules().location());
  }

  @Bean
  LiveRouter liveRouter(
      RulesSource source,
      RulesParser parser,
      StateStore store,
      Clock clock,
      PathMatcherFactory matchers,
      RandomGenerator random,
      SpringCloudGatewayFilters filters,
      StranglerProperties properties) {
    RulesFile rules = RulesFileWatcher.loadInitial(source, parser);
    filters.activate(rules);
    LiveRouter router =
        new LiveRouter(rules, store, clock, matchers, random, properties.override().token());
    router.beforeRulesInForce(filters::activate);
    return router;
  }

  @Bean
  RulesFileWatcher rulesFileWatcher(
      RulesSource source,
      RulesParser parser,
      LiveRouter router,
      StranglerProperties properties,
      Clock clock) {
    return new RulesFileWatcher(source, parser, router, properties.rules().pollInterval(), clock);
  }
}
