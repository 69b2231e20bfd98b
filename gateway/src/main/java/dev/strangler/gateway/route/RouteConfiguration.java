package dev.strangler.gateway.route;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rules file, watched, and the router in force. */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

  @Bean
  PathMatcherFactory pathMatcherFactory() {
    return new SpringPathPatterns();
  }

  @Bean
  RulesParser rulesParser(PathMatcherFactory matchers) {
    return RulesParser.of(matchers);
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
      StranglerProperties properties) {
    RulesFile rules = RulesFileWatcher.loadInitial(source, parser);
    return new LiveRouter(rules, store, clock, matchers, random, properties.override().token());
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
