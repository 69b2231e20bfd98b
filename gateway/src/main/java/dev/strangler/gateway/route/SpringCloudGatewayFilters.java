package dev.strangler.gateway.route;

import dev.strangler.rules.FilterEntry;
import dev.strangler.rules.FilterSite;
import dev.strangler.rules.RequestFilter;
import dev.strangler.rules.RequestFilterFactory;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.Target;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.cloud.gateway.event.FilterArgsEvent;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ShortcutConfigurable;
import org.springframework.cloud.gateway.support.config.KeyValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Compiles the entries of {@code modern-filters} and {@code legacy-filters} with Spring Cloud
 * Gateway's own {@link GatewayFilterFactory} beans, looked up by name and configured as its {@code
 * RouteDefinitionRouteLocator} configures a route's filters (the factory's shortcut fields, {@link
 * ConfigurationService}, {@link HasRouteId}), so that an entry does what it does in a Spring Cloud
 * Gateway route.
 *
 * <p>Design: only filters that shape the request are allowed ({@link #ALLOWED}); a filter that
 * changes the backend's answer would hide it from the shadow diff, and one that changes where the
 * call goes or repeats it would bypass the route's sides and fallback ({@link #REFUSED} says why
 * for each of Spring Cloud Gateway's). Spring Cloud Gateway evaluates an argument that starts with
 * <code>#{</code> as a Spring expression while it binds it; an entry holding one is refused before
 * any binding. Arguments are checked further than Spring Cloud Gateway checks them, since it
 * ignores an extra argument without a word or fails only on a request: no more shortcut arguments
 * than the factory has fields, every field given, named arguments the filter has, and template
 * variables ({@code SetPath=/v2/{id}}) that every path of the route captures.
 *
 * <p>Compiling publishes nothing: a {@code RequestRateLimiter}'s arguments reach its rate limiter
 * (Spring Cloud Gateway's {@link FilterArgsEvent}) only through {@link #activate(RulesFile)}, when
 * the rules are put in force, so a refused file leaves the limiter as it was.
 */
final class SpringCloudGatewayFilters implements RequestFilterFactory {

  /**
   * The filters an entry may name: Spring Cloud Gateway's filters that shape the request (path,
   * query, headers, Host) or refuse it before it goes out (size, rate), in the order the README
   * lists them.
   */
  static final List<String> ALLOWED =
      List.of(
          "StripPrefix",
          "PrefixPath",
          "RewritePath",
          "SetPath",
          "AddRequestHeader",
          "AddRequestHeadersIfNotPresent",
          "SetRequestHeader",
          "RemoveRequestHeader",
          "MapRequestHeader",
          "SetRequestHostHeader",
          "PreserveHostHeader",
          "AddRequestParameter",
          "RemoveRequestParameter",
          "RewriteRequestParameter",
          "RequestSize",
          "RequestHeaderSize",
          "RequestRateLimiter");

  private static final String CHANGES_THE_ANSWER =
      " changes the backend's answer, which the shadow diff must see as the backend sent it";

  private static final String CHANGES_THE_TARGET =
      " changes where the call goes; the route's legacy and modern say that";

  private static final String REPEATS_CALLS =
      " repeats or replaces calls; the route's fallback and circuit breaker do that, and never"
          + " run a non-idempotent request twice";

  private static final String NEEDS_CODE =
      " needs Java code or a cached body; the gateway buffers bodies itself for replay";

  /** Spring Cloud Gateway's filters that are refused, with the reason. */
  static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("AddResponseHeader", CHANGES_THE_ANSWER),
          Map.entry("SetResponseHeader", CHANGES_THE_ANSWER),
          Map.entry("RemoveResponseHeader", CHANGES_THE_ANSWER),
          Map.entry("RewriteResponseHeader", CHANGES_THE_ANSWER),
          Map.entry("RewriteLocationResponseHeader", CHANGES_THE_ANSWER),
          Map.entry("DedupeResponseHeader", CHANGES_THE_ANSWER),
          Map.entry("SecureHeaders", CHANGES_THE_ANSWER),
          Map.entry("SetStatus", CHANGES_THE_ANSWER),
          Map.entry("ModifyResponseBody", CHANGES_THE_ANSWER),
          Map.entry("RemoveJsonAttributesResponseBody", CHANGES_THE_ANSWER),
          Map.entry("LocalResponseCache", CHANGES_THE_ANSWER),
          Map.entry("RedirectTo", CHANGES_THE_ANSWER),
          Map.entry("FallbackHeaders", CHANGES_THE_ANSWER),
          Map.entry("JsonToGrpc", CHANGES_THE_ANSWER),
          Map.entry("SetRequestUri", CHANGES_THE_TARGET),
          Map.entry("RequestHeaderToRequestUri", CHANGES_THE_TARGET),
          Map.entry("Retry", REPEATS_CALLS),
          Map.entry("CircuitBreaker", REPEATS_CALLS),
          Map.entry("ModifyRequestBody", NEEDS_CODE),
          Map.entry("CacheRequestBody", NEEDS_CODE));

  /** The allowed filters that expand URI template variables in their arguments. */
  static final Set<String> EXPANDS_VARIABLES =
      Set.of(
          "PrefixPath",
          "SetPath",
          "AddRequestHeader",
          "AddRequestHeadersIfNotPresent",
          "SetRequestHeader",
          "SetRequestHostHeader",
          "AddRequestParameter");

  /**
   * The filters that set request headers, with the property of their configuration that names the
   * header set: the gateway sets or removes some headers itself after the filters, whatever they
   * did ({@link #OWN_HEADERS}), so such an entry would be a silent no-op.
   */
  static final Map<String, String> SETS_HEADER =
      Map.of(
          "AddRequestHeader", "name",
          "SetRequestHeader", "name",
          "MapRequestHeader", "toHeader",
          "AddRequestHeadersIfNotPresent", "keyValues");

  /** The headers the gateway sets or removes after the filters: prefixes, lower case. */
  static final List<String> OWN_HEADERS =
      List.of(
          "x-strangler-",
          "x-forwarded-",
          "forwarded",
          "x-request-id",
          "host",
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  /** The property prefixes of Spring Cloud Gateway's rate limiters, by class name. */
  private static final Map<String, String> LIMITER_PREFIXES =
      Map.of(
          "RedisRateLimiter", "redis-rate-limiter", "Bucket4jRateLimiter", "bucket4j-rate-limiter");

  private static final String RATE_LIMITER = "RequestRateLimiter";

  private static final String ROUTE_ID = "routeId";

  /** {@code {name}} or {@code {name:regex}} in a URI template. */
  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^{}:]+)(?::[^{}]*)?}");

  private static final int MAX_REASON_LENGTH = 200;

  private final Map<String, GatewayFilterFactory<?>> factories = new HashMap<>();

  private final ConfigurationService configuration;

  private final BeanFactory beans;

  private final ApplicationEventPublisher events;

  /** Only {@link ShortcutConfigurable}'s normalisation needs it; it never parses, see the class. */
  private final SpelExpressionParser expressions = new SpelExpressionParser();

  /**
   * @param factories Spring Cloud Gateway's filter factories, as its route locator gets them
   * @param configuration binds a filter's arguments to its configuration
   * @param beans the bean factory, which Spring Cloud Gateway's argument normalisation asks for
   * @param events where a rate limiter's arguments are published when the rules go in force
   */
  SpringCloudGatewayFilters(
      List<GatewayFilterFactory<?>> factories,
      ConfigurationService configuration,
      BeanFactory beans,
      ApplicationEventPublisher events) {
    factories.forEach(factory -> this.factories.put(factory.name(), factory));
    this.configuration = configuration;
    this.beans = beans;
    this.events = events;
  }

  @Override
  public Object compile(FilterSite site, FilterEntry entry) {
    if (entry.holdsExpression()) {
      // the rules parser refuses it first; never bind one, whoever calls
      throw new IllegalArgumentException("no " + FilterEntry.EXPRESSION_START + " in a filter");
    }
    String name = entry.name();
    String refused = REFUSED.get(name);
    if (refused != null) {
      throw new IllegalArgumentException("a filter that shapes the request; " + name + refused);
    }
    if (!ALLOWED.contains(name)) {
      throw new IllegalArgumentException(
          "one of " + String.join(", ", ALLOWED) + " (Spring Cloud Gateway's request filters)");
    }
    GatewayFilterFactory<?> factory = factories.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          RATE_LIMITER.equals(name)
              ? "a rate limiter, which this gateway does not have: RequestRateLimiter counts in"
                  + " Redis, which the gateway uses with strangler.state.store=redis"
              : "a filter that this gateway has; " + name + " is switched off");
    }
    return compile(site, entry, factory);
  }

  private <C> ShapingFilter compile(
      FilterSite site, FilterEntry entry, GatewayFilterFactory<C> factory) {
    String usage = usage(entry.name(), factory);
    Map<String, String> args = arguments(entry, factory, usage);
    Map<String, Object> normalized;
    C config;
    try {
      normalized = factory.shortcutType().normalize(args, factory, expressions, beans);
      config =
          configuration.with(factory).name(entry.name()).normalizedProperties(normalized).bind();
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(usage + " (" + reason(ex) + ")", ex);
    }
    for (String field : factory.shortcutFieldOrder()) {
      if (new BeanWrapperImpl(config).getPropertyValue(field) == null) {
        throw new IllegalArgumentException(usage + " (" + field + " is missing)");
      }
    }
    checkHeaderNames(entry.name(), config);
    String routeKey = routeKey(site);
    if (config instanceof HasRouteId hasRouteId) {
      hasRouteId.setRouteId(routeKey);
    }
    if (factory instanceof RequestRateLimiterGatewayFilterFactory limiter) {
      checkLimiterArguments(limiter, entry, normalized, usage);
    }
    List<PathPattern> variableSources = List.of();
    if (EXPANDS_VARIABLES.contains(entry.name())) {
      variableSources = variableSources(site, normalized);
    }
    GatewayFilter filter;
    try {
      filter = factory.apply(config);
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(usage + " (" + reason(ex) + ")", ex);
    }
    return new ShapingFilter(
        routeKey,
        filter,
        factory instanceof RequestRateLimiterGatewayFilterFactory,
        variableSources,
        Map.copyOf(normalized));
  }

  /**
   * Publishes the arguments of the rules' rate-limited filters to the rate limiters, as Spring
   * Cloud Gateway's route locator does for its routes: called with rules that are about to be put
   * in force, before any request can use them.
   *
   * @param rules the rules going in force
   */
  void activate(RulesFile rules) {
    for (RouteRule route : rules.routes()) {
      for (Target side : Target.values()) {
        for (RequestFilter filter : route.filters(side)) {
          ShapingFilter compiled = filter.compiled(ShapingFilter.class);
          if (compiled.limiter()) {
            events.publishEvent(new FilterArgsEvent(this, compiled.routeKey(), compiled.args()));
          }
        }
      }
    }
  }

  /**
   * The id under which a side of a route is known to Spring Cloud Gateway's filters, e.g. to a rate
   * limiter: {@code orders.modern}.
   */
  static String routeKey(FilterSite site) {
    return site.routeId() + "." + site.side().wireName();
  }

  /** The entry's arguments in the form Spring Cloud Gateway's normalisation takes. */
  private static Map<String, String> arguments(
      FilterEntry entry, GatewayFilterFactory<?> factory, String usage) {
    List<String> fields = factory.shortcutFieldOrder();
    String shortcut = entry.shortcut();
    if (shortcut != null) {
      Map<String, String> args = new FilterDefinition(shortcut).getArgs();
      if (factory.shortcutType() == ShortcutConfigurable.ShortcutType.DEFAULT
          && args.size() > fields.size()) {
        throw new IllegalArgumentException(
            usage
                + " ("
                + (fields.isEmpty()
                    ? "no arguments in the shortcut form"
                    : args.size() + " arguments for " + fields.size())
                + ")");
      }
      return args;
    }
    Set<String> known = configArguments(factory);
    String limiterPrefix =
        factory instanceof RequestRateLimiterGatewayFilterFactory limiter
            ? limiterPrefix(limiter)
            : null;
    boolean anyLimiterArguments =
        factory instanceof RequestRateLimiterGatewayFilterFactory && limiterPrefix == null;
    for (String key : entry.args().keySet()) {
      String root = relaxed(key.split("[.\\[]", 2)[0]);
      if (ROUTE_ID.equalsIgnoreCase(root)) {
        throw new IllegalArgumentException(
            usage + " (routeId is set by the gateway: one per route and side)");
      }
      boolean limits =
          anyLimiterArguments || (limiterPrefix != null && root.equals(relaxed(limiterPrefix)));
      if (!known.contains(root) && !limits) {
        throw new IllegalArgumentException(usage + " (" + key + " is not an argument of it)");
      }
    }
    return entry.args();
  }

  /**
   * The relaxed names of the arguments a filter's configuration has: its shortcut fields and its
   * configuration's properties. A rate limiter's own arguments come on top: those of Spring Cloud
   * Gateway's limiters under their prefix, those of an application's limiter unknown here.
   */
  private static Set<String> configArguments(GatewayFilterFactory<?> factory) {
    Set<String> known = new LinkedHashSet<>();
    factory.shortcutFieldOrder().forEach(field -> known.add(relaxed(field)));
    Class<?> configClass = factory.getConfigClass();
    if (configClass != Object.class) {
      for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(configClass)) {
        if (property.getWriteMethod() != null) {
          known.add(relaxed(property.getName()));
        }
      }
    }
    return known;
  }

  /**
   * The limits of the rate limiter, bound as the limiter binds them when the rules go in force
   * (under the prefix of its arguments, e.g. {@code redis-rate-limiter}), so that missing or
   * invalid limits are refused at load, not on the first request.
   */
  private void checkLimiterArguments(
      RequestRateLimiterGatewayFilterFactory factory,
      FilterEntry entry,
      Map<String, Object> normalized,
      String usage) {
    Set<String> ownArguments = configArguments(factory);
    Set<String> prefixes = new LinkedHashSet<>();
    for (String key : entry.args().keySet()) {
      String root = key.split("[.\\[]", 2)[0];
      if (!ownArguments.contains(relaxed(root))) {
        prefixes.add(root);
      }
    }
    String known = limiterPrefix(factory);
    if (prefixes.isEmpty() && known != null) {
      throw new IllegalArgumentException(
          usage + " (" + known + ".replenishRate and the other limits of the route's side)");
    }
    for (String prefix : prefixes) {
      try {
        configuration
            .with(factory.getDefaultRateLimiter().newConfig())
            .name(prefix)
            .normalizedProperties(normalized)
            .bind();
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(usage + " (" + reason(ex) + ")", ex);
      }
    }
  }

  /**
   * The prefix of the arguments of the factory's rate limiter, by its class's simple name: naming
   * the class would load Redis's or Bucket4j's classes, which the gateway may not have.
   */
  private static @Nullable String limiterPrefix(RequestRateLimiterGatewayFilterFactory factory) {
    return LIMITER_PREFIXES.get(factory.getDefaultRateLimiter().getClass().getSimpleName());
  }

  /** Refuses a filter that would set a header the gateway sets or removes after it. */
  private static void checkHeaderNames(String name, Object config) {
    String property = SETS_HEADER.get(name);
    if (property == null) {
      return;
    }
    Object value = new BeanWrapperImpl(config).getPropertyValue(property);
    List<?> named = value instanceof List<?> list ? list : List.of(String.valueOf(value));
    for (Object header : named) {
      String headerName =
          header instanceof KeyValue keyValue
              ? String.valueOf(keyValue.getKey())
              : String.valueOf(header);
      String lowerCase = headerName.strip().toLowerCase(Locale.ROOT);
      for (String own : OWN_HEADERS) {
        if (own.endsWith("-") ? lowerCase.startsWith(own) : lowerCase.equals(own)) {
          throw new IllegalArgumentException(
              "a header the gateway does not set itself; "
                  + headerName
                  + " is set or removed by the gateway after the filters"
                  + ("host".equals(lowerCase) ? " (SetRequestHostHeader sets it)" : ""));
        }
      }
    }
  }

  /**
   * The route's patterns, compiled to take the variables of a filter's templates from a request's
   * path; checks that every path of the route captures every variable the templates use.
   */
  private static List<PathPattern> variableSources(
      FilterSite site, Map<String, Object> normalized) {
    Set<String> used = new LinkedHashSet<>();
    for (Object value : normalized.values()) {
      for (Object text : value instanceof List<?> list ? list : List.of(value)) {
        Matcher variable = TEMPLATE_VARIABLE.matcher(String.valueOf(text));
        while (variable.find()) {
          used.add(variable.group(1).strip());
        }
      }
    }
    if (used.isEmpty() || site.paths().isEmpty()) {
      return List.of();
    }
    List<PathPattern> patterns = new ArrayList<>();
    for (String path : site.paths()) {
      Set<String> captured = patternVariables(path);
      for (String name : used) {
        if (!captured.contains(name)) {
          throw new IllegalArgumentException(
              "template variables that every path of the route captures; "
                  + path
                  + " has no {"
                  + name
                  + "}");
        }
      }
      patterns.add(PathPatternParser.defaultInstance.parse(path));
    }
    return List.copyOf(patterns);
  }

  /**
   * The variables a Spring path pattern captures: {@code {id}}, {@code {id:\d+}}, {@code {*rest}}.
   */
  static Set<String> patternVariables(String pattern) {
    Set<String> names = new LinkedHashSet<>();
    int depth = 0;
    int start = -1;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '{' && depth++ == 0) {
        start = i + 1;
      } else if (c == '}' && depth > 0 && --depth == 0) {
        String variable = pattern.substring(start, i);
        int colon = variable.indexOf(':');
        String name = colon < 0 ? variable : variable.substring(0, colon);
        names.add(name.startsWith("*") ? name.substring(1) : name);
      }
    }
    return names;
  }

  /** How an entry of a filter is written, for messages: {@code StripPrefix=<parts>}. */
  private static String usage(String name, GatewayFilterFactory<?> factory) {
    List<String> fields = factory.shortcutFieldOrder();
    if (fields.isEmpty()) {
      return name + ", or " + name + " with arguments by name ({name: " + name + ", args: {…}})";
    }
    String arguments = "<" + String.join(">, <", fields) + ">";
    return factory.shortcutType() == ShortcutConfigurable.ShortcutType.DEFAULT
        ? name + "=" + arguments
        : name + "=" + arguments + ", …";
  }

  /** The most telling message of a binding or configuration failure, on one line. */
  private static String reason(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindValidationException invalid) {
        List<String> errors = new ArrayList<>();
        for (ObjectError objectError : invalid.getValidationErrors()) {
          errors.add(
              objectError instanceof FieldError field
                  ? field.getField() + " " + field.getDefaultMessage()
                  : String.valueOf(objectError.getDefaultMessage()));
        }
        return oneLine(String.join(", ", errors));
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return oneLine(
        message == null || message.isBlank() ? root.getClass().getSimpleName() : message);
  }

  private static String oneLine(String text) {
    String line = text.lines().findFirst().orElse("").strip();
    return line.length() > MAX_REASON_LENGTH ? line.substring(0, MAX_REASON_LENGTH) + "…" : line;
  }

  /** A name as Spring Boot's relaxed binding compares it: no dashes or underscores, lower case. */
  private static String relaxed(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
