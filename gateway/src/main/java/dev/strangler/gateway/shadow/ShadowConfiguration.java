package dev.strangler.gateway.shadow;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.metrics.ShadowMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.EventLoopSchedulers;
import dev.strangler.gateway.support.ServerEventLoops;
import dev.strangler.gateway.tracing.RequestTracing;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Mirroring, comparison and the diff reports; comparators and reports follow rules reloads. */
@Configuration(proxyBeanMethods = false)
class ShadowConfiguration {

  @Bean(destroyMethod = "dispose")
  ShadowClient shadowClient(StranglerProperties properties, ServerEventLoops loops) {
    return new ShadowClient(
        properties.shadow().maxConcurrent(), properties.backend().poolPerEventLoop(), loops);
  }

  @Bean
  ShadowComparators shadowComparators(LiveRouter router) {
    ShadowComparators comparators = new ShadowComparators();
    comparators.update(router.current().rules());
    router.onRulesReloaded(event -> comparators.update(event.rules()));
    return comparators;
  }

  @Bean
  DiffReports diffReports(LiveRouter router, Clock clock) {
    return RouteDiffReports.of(router, clock);
  }

  @Bean
  DiffsSource diffsSource(
      DiffReports reports, SharedFigures shared, StateStore store, JsonMapper jsonMapper) {
    ShadowDiffsSource source = new ShadowDiffsSource(reports, shared, jsonMapper);
    store.onChanged(source::onStateChanged);
    return source;
  }

  @Bean(destroyMethod = "dispose")
  Scheduler shadowCompareScheduler() {
    return Schedulers.newParallel(
        "strangler-shadow-compare", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Bean
  ShadowMirror shadowMirror(
      ShadowClient client,
      ShadowComparators comparators,
      DiffReports reports,
      ShadowMetrics metrics,
      Scheduler shadowCompareScheduler,
      EventLoopSchedulers timers,
      Clock clock,
      ObjectProvider<RequestTracing> tracing,
      StranglerProperties properties) {
    return new ShadowMirror(
        client,
        comparators,
        reports,
        metrics,
        shadowCompareScheduler,
        timers,
        new ShadowBreakers(clock),
        new ShadowSlots(properties.shadow().maxConcurrent(), properties.shadow().perRoute()),
        (int) Math.min(Integer.MAX_VALUE, properties.shadow().maxCompareBytes().toBytes()),
        tracing.getIfAvailable());
  }
}
