package dev.strangler.gateway.admin;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.filter.RouteCircuitBreakers;
import dev.strangler.gateway.metrics.SharedRequestFigures;
import dev.strangler.gateway.plan.PlanSteering;
import dev.strangler.gateway.progress.RouteHistories;
import dev.strangler.gateway.progress.SharedCatchAllShapes;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.shadow.DiffsSource;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.ProblemResponses;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin API, the dashboard and their security, in the management server's own context only
 * (listed in {@code META-INF/spring/...ManagementContextConfiguration.imports}). The beans they use
 * (router, state, metrics) come from the main context, its parent.
 *
 * <p>Plans and diff reports are read through the interfaces their packages own, {@link
 * PlanSteering} and {@link DiffsSource}; without such a bean in the main context (plans disabled),
 * the admin API uses their empty defaults.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementServerContextCondition.class)
@EnableWebFluxSecurity
class AdminManagementConfiguration {

  @Bean
  AdminTokens adminTokens(StranglerProperties properties) {
    return AdminTokens.of(
        properties.admin().token(), properties.admin().tokens(), new SecureRandom());
  }

  @Bean
  SecurityWebFilterChain adminSecurityWebFilterChain(
      ServerHttpSecurity http, AdminTokens tokens, ProblemResponses problems) {
    return AdminWebSecurity.chain(http, tokens, problems);
  }

  @Bean
  AdminApi adminApi(
      LiveRouter router,
      StateStore store,
      RulesFileWatcher rulesWatcher,
      SharedRequestFigures requests,
      RouteCircuitBreakers breakers,
      ObjectProvider<PlanSteering> planSteering,
      ObjectProvider<DiffsSource> diffsSource,
      RouteHistories histories,
      SharedCatchAllShapes catchAllShapes,
      ProblemResponses problems,
      Clock clock) {
    PlanSteering plans = planSteering.getIfAvailable(PlanSteering::notEnabled);
    DiffsSource diffs = diffsSource.getIfAvailable(DiffsSource::none);
    RouteViews views = new RouteViews(router, store, requests, breakers, plans, diffs);
    ProgressViews progress =
        new ProgressViews(views, histories, requests, catchAllShapes, store, clock);
    return new AdminApi(
        router, store, rulesWatcher, views, progress, plans, diffs, problems, clock);
  }

  @Bean
  RouterFunction<ServerResponse> adminRouterFunction(AdminApi api) {
    return api.routes().and(Dashboard.load().routes());
  }
}
