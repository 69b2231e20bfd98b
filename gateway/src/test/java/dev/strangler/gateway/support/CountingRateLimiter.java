package dev.strangler.gateway.support;

import jakarta.validation.constraints.Min;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.gateway.filter.ratelimit.AbstractRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import reactor.core.publisher.Mono;

/**
 * A rate limiter in memory for tests, on Spring Cloud Gateway's rate limiter SPI as an application
 * would add one: at most {@code counting-rate-limiter.limit} requests per route id and key, ever.
 * It gets its limits per route id from the filters' arguments, as Redis's limiter does.
 */
public final class CountingRateLimiter extends AbstractRateLimiter<CountingRateLimiter.Config> {

  /** The prefix of its arguments. */
  public static final String PREFIX = "counting-rate-limiter";

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public CountingRateLimiter(ConfigurationService configuration) {
    super(Config.class, PREFIX, configuration);
  }

  @Override
  public Mono<Response> isAllowed(String routeId, String id) {
    Config config = getConfig().get(routeId);
    if (config == null) {
      return Mono.error(new IllegalStateException("no limit for route " + routeId));
    }
    int count =
        counts.computeIfAbsent(routeId + "/" + id, key -> new AtomicInteger()).incrementAndGet();
    return Mono.just(new Response(count <= config.getLimit(), Map.of("X-Limit-Route", routeId)));
  }

  /**
   * @param routeId a route id as the limiter sees it
   * @return its limit, or null when it has none
   */
  public Config configOf(String routeId) {
    return getConfig().get(routeId);
  }

  /** The limits of one route id. */
  public static final class Config {

    @Min(1) private int limit;

    public int getLimit() {
      return limit;
    }

    public void setLimit(int limit) {
      this.limit = limit;
    }
  }
}
