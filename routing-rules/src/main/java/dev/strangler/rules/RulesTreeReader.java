package dev.strangler.rules;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * One walk over the YAML tree of a rules file. Not thread-safe: {@link RulesParser} makes one per
 * parse.
 *
 * <p>Every reader records a violation and returns {@code null} on a bad value, and the caller goes
 * on with a default, so the walk reaches every key. A record is only built from a subtree that had
 * no violation, so the checks of the compact constructors never fire here: the readers check the
 * same bounds first, with the path at hand.
 */
final class RulesTreeReader {

  static final List<String> ROOT_KEYS = List.of("legacy", "routes");
  static final List<String> ROUTE_KEYS =
      List.of(
          "id",
          "paths",
          "methods",
          "legacy",
          "modern",
          "mode",
          "percent",
          "sticky-by",
          "salt",
          "modern-filters",
          "legacy-filters",
          "preserve-host",
          "fallback",
          "shadow",
          "plan",
          "targets");
  static final List<String> FILTER_KEYS = List.of("name", "args");
  static final List<String> FALLBACK_KEYS =
      List.of("enabled", "statuses", "timeout", "replay-unsafe", "circuit-breaker");
  static final List<String> CIRCUIT_BREAKER_KEYS =
      List.of(
          "failure-rate",
          "slow-call-duration",
          "slow-call-rate",
          "window",
          "minimum-calls",
          "open-for");
  static final List<String> SHADOW_KEYS =
      List.of("percent", "methods", "timeout", "secondary", "compare", "redact-fields");
  static final List<String> COMPARE_KEYS =
      List.of("ignore-headers", "ignore-fields", "ignore-array-order", "numeric-tolerance");
  static final List<String> PLAN_KEYS =
      List.of(
          "steps",
          "step-duration",
          "min-requests",
          "max-error-rate",
          "max-latency-ratio",
          "max-diff-rate",
          "on-failure",
          "confidence",
          "warm-up",
          "max-step-duration",
          "on-inconclusive",
          "windows");
  static final List<String> TARGETS_KEYS = List.of("modern", "legacy");

  private static final String PERCENT_RANGE = "0..100";
  private static final String RATE_RANGE = "0..100";
  private static final int MAX_VALUE_LENGTH = 120;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Reads one value; records a violation and returns {@code null} when it is bad. */
  @FunctionalInterface
  private interface ValueReader<T> {
    @Nullable T read(JsonNode node, String path);
  }

  private final PathMatcherFactory matchers;
  private final RequestFilterFactory filters;
  private final List<RuleViolation> violations = new ArrayList<>();

  /** Every violation found, also those past {@link RulesParser#MAX_VIOLATIONS} not listed. */
  private int found;

  private final Map<String, String> pathOfId = new HashMap<>();

  RulesTreeReader(PathMatcherFactory matchers, RequestFilterFactory filters) {
    this.matchers = matchers;
    this.filters = filters;
  }

  /**
   * Reads the whole file.
   *
   * @throws RulesValidationException listing every violation found
   */
  RulesFile read(@Nullable JsonNode root, String version) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      add(new RuleViolation(RuleViolation.ROOT, "<empty>", "a mapping with legacy and routes"));
    } else if (!root.isObject()) {
      add(new RuleViolation(RuleViolation.ROOT, render(root), "a mapping with legacy and routes"));
    } else {
      checkKeys(root, "", ROOT_KEYS);
      URI legacy = required(root, "", "legacy", HttpSyntax.URI_EXPECTATION, this::backend);
      List<RouteRule> routes =
          optional(root, "", "routes", List.of(), (node, path) -> routes(node, path, legacy));
      if (found == 0 && legacy != null) {
        return new RulesFile(legacy, routes, version);
      }
    }
    if (found > violations.size()) {
      violations.add(more(found - violations.size()));
    }
    throw new RulesValidationException(violations);
  }

  private @Nullable List<RouteRule> routes(JsonNode node, String path, @Nullable URI legacy) {
    return list(node, path, "a list of routes", (element, at) -> route(element, at, legacy));
  }

  private @Nullable RouteRule route(JsonNode node, String path, @Nullable URI topLegacy) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping with id, paths, modern and mode");
    }
    int before = found;
    checkKeys(node, path, ROUTE_KEYS);
    String id = required(node, path, "id", RouteRule.ID_SYNTAX, this::id);
    List<String> paths = required(node, path, "paths", "a list of path patterns", this::paths);
    Set<String> methods = optional(node, path, "methods", Set.of(), this::methods);
    URI ownLegacy = optional(node, path, "legacy", this::backend);
    URI legacy = ownLegacy != null ? ownLegacy : topLegacy;
    URI modern = required(node, path, "modern", HttpSyntax.URI_EXPECTATION, this::backend);
    Mode mode =
        required(
            node,
            path,
            "mode",
            WireNames.expected(Mode.values()),
            (value, at) -> wireName(value, at, Mode.values()));
    Percent percent = optional(node, path, "percent", Percent.ZERO, this::percent);
    List<StickySource> stickyBy =
        optional(node, path, "sticky-by", List.of(), (value, at) -> stickyBy(value, at));
    String ownSalt = optional(node, path, "salt", this::salt);
    String salt = ownSalt != null ? ownSalt : id;
    String siteId = id != null ? id : path;
    List<String> sitePaths = paths != null ? paths : List.of();
    List<RequestFilter> modernFilters =
        optional(
            node,
            path,
            "modern-filters",
            List.of(),
            (value, at) -> filters(value, at, new FilterSite(siteId, Target.MODERN, sitePaths)));
    List<RequestFilter> legacyFilters =
        optional(
            node,
            path,
            "legacy-filters",
            List.of(),
            (value, at) -> filters(value, at, new FilterSite(siteId, Target.LEGACY, sitePaths)));
    boolean preserveHost = optional(node, path, "preserve-host", false, this::bool);
    FallbackPolicy fallback =
        optional(node, path, "fallback", FallbackPolicy.defaults(), this::fallback);
    Mode shadowMode = mode == null ? Mode.LEGACY : mode;
    ShadowPolicy shadow =
        optional(
            node,
            path,
            "shadow",
            ShadowPolicy.defaults(shadowMode),
            (value, at) -> shadow(value, at, shadowMode));
    PlanSettings plan = optional(node, path, "plan", this::plan);
    Targets targets =
        optional(node, path, "targets", Targets.NONE, (value, at) -> targets(value, at, stickyBy));
    if (found > before
        || id == null
        || paths == null
        || legacy == null
        || modern == null
        || mode == null
        || salt == null) {
      return null;
    }
    return build(
        path,
        () ->
            new RouteRule(
                id,
                paths,
                methods,
                legacy,
                modern,
                new Rollout(mode, percent),
                stickyBy,
                salt,
                modernFilters,
                legacyFilters,
                preserveHost,
                fallback,
                shadow,
                plan,
                targets));
  }

  private @Nullable List<StickySource> stickyBy(JsonNode node, String path) {
    List<StickySource> sources = list(node, path, "a list of sticky sources", this::stickySource);
    if (sources == null) {
      return null;
    }
    RouteRule.MisplacedSource misplaced = RouteRule.misplacedSource(sources);
    if (misplaced != null) {
      return violation(
          path + "[" + misplaced.index() + "]", node.get(misplaced.index()), misplaced.expected());
    }
    return sources;
  }

  private @Nullable Targets targets(JsonNode node, String path, List<StickySource> stickyBy) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping of " + String.join(", ", TARGETS_KEYS));
    }
    int before = found;
    checkKeys(node, path, TARGETS_KEYS);
    List<String> modern = optional(node, path, "modern", List.of(), this::targetEntries);
    List<String> legacy = optional(node, path, "legacy", List.of(), this::targetEntries);
    if (found > before) {
      return null;
    }
    List<RuleViolation> problems = Targets.check(modern, legacy, path + ".");
    if (!problems.isEmpty()) {
      problems.forEach(this::add);
      return null;
    }
    if (stickyBy.isEmpty()) {
      boolean keys = false;
      for (String side : TARGETS_KEYS) {
        List<String> entries = side.equals("modern") ? modern : legacy;
        for (int i = 0; i < entries.size(); i++) {
          if (!TargetEntry.isHeaderMatch(entries.get(i))) {
            violation(
                path + "." + side + "[" + i + "]",
                Targets.shown(entries.get(i)),
                Targets.KEYS_NEED_STICKY_BY);
            keys = true;
          }
        }
      }
      if (keys) {
        return null;
      }
    }
    return build(path, () -> new Targets(modern, legacy));
  }

  private @Nullable List<String> targetEntries(JsonNode node, String path) {
    return list(
        node,
        path,
        "a list of " + Targets.ENTRY_EXPECTATION.replace("a sticky key", "sticky keys"),
        (element, at) -> quotableString(element, at, Targets.ENTRY_EXPECTATION));
  }

  private @Nullable String id(JsonNode node, String path) {
    String id = quotableString(node, path, RouteRule.ID_SYNTAX);
    if (id == null) {
      return null;
    }
    if (!RouteRule.ID_PATTERN.matcher(id).matches()) {
      return violation(path, node, RouteRule.ID_SYNTAX);
    }
    if (id.equals(RoutingDecision.CATCH_ALL_ROUTE_ID)) {
      return violation(path, node, RouteRule.ID_NOT_RESERVED);
    }
    String first = pathOfId.putIfAbsent(id, path);
    if (first != null) {
      return violation(path, node, "a unique id; " + first + " has it already");
    }
    return id;
  }

  private @Nullable List<String> paths(JsonNode node, String path) {
    List<String> paths = list(node, path, "a list of path patterns", this::pathPattern);
    if (paths != null && paths.isEmpty()) {
      return violation(path, node, "at least one path");
    }
    return paths;
  }

  private @Nullable String pathPattern(JsonNode node, String path) {
    String pattern = string(node, path, "a path pattern");
    if (pattern == null) {
      return null;
    }
    if (pattern.isBlank()) {
      return violation(path, node, "a path pattern");
    }
    try {
      matchers.compile(pattern);
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage();
      return violation(path, node, reason == null || reason.isBlank() ? "a path pattern" : reason);
    }
    return pattern;
  }

  private @Nullable List<RequestFilter> filters(JsonNode node, String path, FilterSite site) {
    return list(node, path, "a list of filters", (element, at) -> filter(element, at, site));
  }

  /**
   * Reads one filter entry and has the factory compile it. An entry holding {@value
   * FilterEntry#EXPRESSION_START} is refused here, before the factory sees it: Spring Cloud
   * Gateway's binding would evaluate it as an expression.
   */
  private @Nullable RequestFilter filter(JsonNode node, String path, FilterSite site) {
    FilterEntry entry = node.isObject() ? namedFilter(node, path) : shortcutFilter(node, path);
    if (entry == null) {
      return null;
    }
    if (entry.holdsExpression()) {
      return violation(
          path,
          entry.toString(),
          "no "
              + FilterEntry.EXPRESSION_START
              + " in a filter: no expression is evaluated from the rules file");
    }
    try {
      return RequestFilter.of(entry, filters.compile(site, entry));
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage();
      return violation(
          path,
          entry.toString(),
          reason == null || reason.isBlank() ? FilterEntry.EXPECTATION : reason);
    }
  }

  private @Nullable FilterEntry shortcutFilter(JsonNode node, String path) {
    String text = string(node, path, FilterEntry.EXPECTATION);
    if (text == null) {
      return null;
    }
    if (text.isBlank() || text.charAt(0) == '=') {
      return violation(path, node, FilterEntry.EXPECTATION);
    }
    return FilterEntry.shortcut(text);
  }

  private @Nullable FilterEntry namedFilter(JsonNode node, String path) {
    int before = violations.size();
    checkKeys(node, path, FILTER_KEYS);
    String name = required(node, path, "name", "a filter name", this::filterName);
    Map<String, String> args =
        optional(node, path, "args", Map.of(), (value, at) -> filterArgs(value, at));
    if (violations.size() > before || name == null) {
      return null;
    }
    return FilterEntry.named(name, args);
  }

  private @Nullable String filterName(JsonNode node, String path) {
    String name = string(node, path, "a filter name");
    return name == null || !name.isBlank() ? name : violation(path, node, "a filter name");
  }

  /**
   * The arguments of a named filter, flattened as Spring Boot binds them: a nested mapping's keys
   * joined with dots ({@code redis-rate-limiter.replenishRate}), a list's elements indexed ({@code
   * keyValues[0]}).
   */
  private @Nullable Map<String, String> filterArgs(JsonNode node, String path) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping of argument names to values");
    }
    Map<String, String> args = new LinkedHashMap<>();
    return flattenArgs(node, path, "", args) ? args : null;
  }

  private boolean flattenArgs(JsonNode node, String path, String prefix, Map<String, String> args) {
    boolean complete = true;
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        String key = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
        complete &= flattenArgs(property.getValue(), child(path, property.getKey()), key, args);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        complete &= flattenArgs(node.get(i), path + "[" + i + "]", prefix + "[" + i + "]", args);
      }
    } else if (node.isString() || node.isNumber() || node.isBoolean()) {
      args.put(prefix, scalarText(node));
    } else {
      violation(path, node, "a string, number or boolean");
      complete = false;
    }
    return complete;
  }

  private static String scalarText(JsonNode node) {
    if (node.isString()) {
      return node.stringValue();
    }
    return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asString();
  }

  private @Nullable Set<String> methods(JsonNode node, String path) {
    Set<String> methods = methodList(node, path);
    if (methods != null && methods.isEmpty()) {
      return violation(path, node, "at least one method; leave methods out for every method");
    }
    return methods;
  }

  private @Nullable Set<String> methodList(JsonNode node, String path) {
    List<String> methods = list(node, path, "a list of HTTP methods", this::method);
    return methods == null ? null : new LinkedHashSet<>(methods);
  }

  private @Nullable String method(JsonNode node, String path) {
    String text = string(node, path, HttpSyntax.METHOD_EXPECTATION);
    if (text == null) {
      return null;
    }
    String method = HttpSyntax.method(text);
    return method == null ? violation(path, node, HttpSyntax.METHOD_EXPECTATION) : method;
  }

  private @Nullable URI backend(JsonNode node, String path) {
    String text = string(node, path, HttpSyntax.URI_EXPECTATION);
    if (text == null) {
      return null;
    }
    URI uri = HttpSyntax.parseBackend(text);
    return uri == null ? violation(path, node, HttpSyntax.URI_EXPECTATION) : uri;
  }

  private @Nullable Percent percent(JsonNode node, String path) {
    BigDecimal value = decimal(node, path, "a number " + PERCENT_RANGE);
    if (value == null) {
      return null;
    }
    if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
      return violation(path, node, PERCENT_RANGE);
    }
    if (value.stripTrailingZeros().scale() > 2) {
      return violation(path, node, "at most 2 decimals");
    }
    return Percent.of(value);
  }

  private @Nullable StickySource stickySource(JsonNode node, String path) {
    String text = string(node, path, StickySource.EXPECTATION);
    if (text == null) {
      return null;
    }
    try {
      return StickySource.parse(text);
    } catch (IllegalArgumentException e) {
      return violation(path, node, StickySource.EXPECTATION);
    }
  }

  private @Nullable String salt(JsonNode node, String path) {
    String salt = quotableString(node, path, "a non-empty string");
    if (salt != null && salt.isEmpty()) {
      return violation(path, node, "a non-empty string");
    }
    return salt;
  }

  private @Nullable FallbackPolicy fallback(JsonNode node, String path) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping of " + String.join(", ", FALLBACK_KEYS));
    }
    int before = found;
    checkKeys(node, path, FALLBACK_KEYS);
    FallbackPolicy defaults = FallbackPolicy.defaults();
    boolean enabled = optional(node, path, "enabled", defaults.enabled(), this::bool);
    Set<Integer> statuses =
        optional(
            node,
            path,
            "statuses",
            defaults.statuses(),
            (value, at) -> {
              List<Integer> list =
                  list(value, at, "a list of HTTP statuses", (e, p) -> integer(e, p, 100, 599));
              return list == null ? null : new LinkedHashSet<>(list);
            });
    Duration timeout = optional(node, path, "timeout", defaults.timeout(), this::duration);
    ReplayUnsafe replayUnsafe =
        optional(
            node,
            path,
            "replay-unsafe",
            defaults.replayUnsafe(),
            (value, at) -> wireName(value, at, ReplayUnsafe.values()));
    CircuitBreakerSettings circuitBreaker =
        optional(node, path, "circuit-breaker", defaults.circuitBreaker(), this::circuitBreaker);
    if (found > before) {
      return null;
    }
    return build(
        path, () -> new FallbackPolicy(enabled, statuses, timeout, replayUnsafe, circuitBreaker));
  }

  private @Nullable CircuitBreakerSettings circuitBreaker(JsonNode node, String path) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping of " + String.join(", ", CIRCUIT_BREAKER_KEYS));
    }
    int before = found;
    checkKeys(node, path, CIRCUIT_BREAKER_KEYS);
    CircuitBreakerSettings defaults = CircuitBreakerSettings.defaults();
    int failureRate =
        optional(
            node, path, "failure-rate", defaults.failureRate(), (v, p) -> integer(v, p, 1, 100));
    Duration slowCallDuration =
        optional(node, path, "slow-call-duration", defaults.slowCallDuration(), this::duration);
    int slowCallRate =
        optional(
            node, path, "slow-call-rate", defaults.slowCallRate(), (v, p) -> integer(v, p, 1, 100));
    int window =
        optional(
            node,
            path,
            "window",
            defaults.window(),
            (v, p) -> integer(v, p, 1, CircuitBreakerSettings.MAX_WINDOW));
    int minimumCalls =
        optional(
            node,
            path,
            "minimum-calls",
            defaults.minimumCalls(),
            (v, p) -> integer(v, p, 1, CircuitBreakerSettings.MAX_WINDOW));
    Duration openFor = optional(node, path, "open-for", defaults.openFor(), this::duration);
    if (found > before) {
      return null;
    }
    if (minimumCalls > window) {
      JsonNode given = node.get("minimum-calls");
      return violation(
          child(path, "minimum-calls"),
          given == null ? Integer.toString(minimumCalls) : render(given),
          "1..window (" + window + ")");
    }
    return build(
        path,
        () ->
            new CircuitBreakerSettings(
                failureRate, slowCallDuration, slowCallRate, window, minimumCalls, openFor));
  }

  private @Nullable ShadowPolicy shadow(JsonNode node, String path, Mode mode) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping of " + String.join(", ", SHADOW_KEYS));
    }
    int before = found;
    checkKeys(node, path, SHADOW_KEYS);
    ShadowPolicy defaults = ShadowPolicy.defaults(mode);
    boolean percentDefaulted = absent(node.get("percent"));
    Percent percent = optional(node, path, "percent", defaults.percent(), this::percent);
    Set<String> methods = optional(node, path, "methods", defaults.methods(), this::methodList);
    Duration timeout = optional(node, path, "timeout", defaults.timeout(), this::duration);
    URI secondary = optional(node, path, "secondary", this::backend);
    CompareSettings compare =
        optional(node, path, "compare", CompareSettings.defaults(), this::compare);
    List<String> redactFields = optional(node, path, "redact-fields", List.of(), this::jsonPaths);
    if (found > before) {
      return null;
    }
    return build(
        path,
        () ->
            new ShadowPolicy(
                percent, methods, timeout, secondary, compare, redactFields, percentDefaulted));
  }

  private @Nullable CompareSettings compare(JsonNode node, String path) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping of " + String.join(", ", COMPARE_KEYS));
    }
    int before = found;
    checkKeys(node, path, COMPARE_KEYS);
    List<String> ignoreHeaders =
        optional(
            node,
            path,
            "ignore-headers",
            List.of(),
            (value, at) -> list(value, at, "a list of header names", this::headerName));
    List<String> ignoreFields = optional(node, path, "ignore-fields", List.of(), this::jsonPaths);
    boolean ignoreArrayOrder = optional(node, path, "ignore-array-order", false, this::bool);
    double numericTolerance =
        optional(
            node,
            path,
            "numeric-tolerance",
            0.0,
            (value, at) -> number(value, at, ">= 0", false, false));
    if (found > before) {
      return null;
    }
    return build(
        path,
        () -> new CompareSettings(ignoreHeaders, ignoreFields, ignoreArrayOrder, numericTolerance));
  }

  private @Nullable PlanSettings plan(JsonNode node, String path) {
    if (!node.isObject()) {
      return violation(path, node, "a mapping with steps");
    }
    int before = found;
    checkKeys(node, path, PLAN_KEYS);
    List<Percent> steps =
        required(node, path, "steps", "a list of percents, strictly increasing", this::steps);
    Duration stepDuration =
        optional(node, path, "step-duration", PlanSettings.DEFAULT_STEP_DURATION, this::duration);
    long minRequests =
        optional(
            node,
            path,
            "min-requests",
            PlanSettings.DEFAULT_MIN_REQUESTS,
            (value, at) -> longInteger(value, at, 0, Long.MAX_VALUE));
    double maxErrorRate =
        optional(
            node,
            path,
            "max-error-rate",
            PlanSettings.DEFAULT_MAX_ERROR_RATE,
            (value, at) -> number(value, at, RATE_RANGE, false, true));
    double maxLatencyRatio =
        optional(
            node,
            path,
            "max-latency-ratio",
            PlanSettings.DEFAULT_MAX_LATENCY_RATIO,
            (value, at) -> number(value, at, "> 0", true, false));
    double maxDiffRate =
        optional(
            node,
            path,
            "max-diff-rate",
            PlanSettings.DEFAULT_MAX_DIFF_RATE,
            (value, at) -> number(value, at, RATE_RANGE, false, true));
    OnFailure onFailure =
        optional(
            node,
            path,
            "on-failure",
            OnFailure.ROLLBACK,
            (value, at) -> wireName(value, at, OnFailure.values()));
    double confidence =
        optional(node, path, "confidence", PlanSettings.DEFAULT_CONFIDENCE, this::confidence);
    Duration warmUp =
        optional(node, path, "warm-up", PlanSettings.DEFAULT_WARM_UP, this::durationOrZero);
    Duration maxStepDuration =
        optional(
            node,
            path,
            "max-step-duration",
            PlanSettings.defaultMaxStepDuration(stepDuration),
            this::duration);
    OnInconclusive onInconclusive =
        optional(
            node,
            path,
            "on-inconclusive",
            OnInconclusive.PAUSE,
            (value, at) -> wireName(value, at, OnInconclusive.values()));
    List<PlanWindow> windows = optional(node, path, "windows", List.of(), this::windows);
    if (found > before || steps == null) {
      return null;
    }
    if (maxStepDuration.compareTo(stepDuration) < 0) {
      return violation(
          child(path, "max-step-duration"),
          render(node.get("max-step-duration")),
          "at least step-duration, " + DurationText.format(stepDuration));
    }
    return build(
        path,
        () ->
            new PlanSettings(
                steps,
                stepDuration,
                minRequests,
                maxErrorRate,
                maxLatencyRatio,
                maxDiffRate,
                onFailure,
                confidence,
                warmUp,
                maxStepDuration,
                onInconclusive,
                windows));
  }

  private @Nullable Double confidence(JsonNode node, String path) {
    BigDecimal value = decimal(node, path, "a number, " + PlanSettings.CONFIDENCE_EXPECTATION);
    if (value == null) {
      return null;
    }
    if (value.compareTo(BigDecimal.valueOf(PlanSettings.MIN_CONFIDENCE)) < 0
        || value.compareTo(HUNDRED) >= 0) {
      return violation(path, node, PlanSettings.CONFIDENCE_EXPECTATION);
    }
    return value.doubleValue();
  }

  private @Nullable List<PlanWindow> windows(JsonNode node, String path) {
    List<PlanWindow> windows = list(node, path, "a list of windows", this::window);
    if (windows != null && windows.size() > PlanSettings.MAX_WINDOWS) {
      return violation(
          path, windows.size() + " windows", "at most " + PlanSettings.MAX_WINDOWS + " windows");
    }
    return windows;
  }

  private @Nullable PlanWindow window(JsonNode node, String path) {
    String text = string(node, path, PlanWindow.EXPECTATION);
    if (text == null) {
      return null;
    }
    Object window = PlanWindow.read(text);
    return window instanceof PlanWindow parsed ? parsed : violation(path, node, (String) window);
  }

  private @Nullable List<Percent> steps(JsonNode node, String path) {
    List<Percent> steps = list(node, path, "a list of percents", this::percent);
    if (steps == null) {
      return null;
    }
    if (steps.isEmpty()) {
      return violation(path, node, "at least one step");
    }
    boolean increasing = true;
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).compareTo(steps.get(i - 1)) <= 0) {
        violation(
            path + "[" + i + "]", node.get(i), "more than the previous step, " + steps.get(i - 1));
        increasing = false;
      }
    }
    return increasing ? steps : null;
  }

  private @Nullable List<String> jsonPaths(JsonNode node, String path) {
    return list(node, path, "a list of JSON paths", this::jsonPath);
  }

  private @Nullable String jsonPath(JsonNode node, String path) {
    String text = string(node, path, CompareSettings.JSON_PATH_EXPECTATION);
    if (text == null) {
      return null;
    }
    return CompareSettings.isJsonPath(text)
        ? text
        : violation(path, node, CompareSettings.JSON_PATH_EXPECTATION);
  }

  private @Nullable String headerName(JsonNode node, String path) {
    String text = string(node, path, "a header name");
    if (text == null) {
      return null;
    }
    return HttpSyntax.isToken(text) ? text : violation(path, node, "a header name");
  }

  // Scalars

  private @Nullable String string(JsonNode node, String path, String expected) {
    return node.isString() ? node.stringValue() : violation(path, node, expected);
  }

  /**
   * Like {@link #string}, for values that YAML may take for a number or a boolean ({@code id:
   * 2024}): the expectation then says to quote it.
   */
  private @Nullable String quotableString(JsonNode node, String path, String expected) {
    if (!node.isString() && (node.isNumber() || node.isBoolean())) {
      return violation(path, node, expected + ", quoted as a string");
    }
    return string(node, path, expected);
  }

  private @Nullable Boolean bool(JsonNode node, String path) {
    return node.isBoolean() ? node.booleanValue() : violation(path, node, "true or false");
  }

  private @Nullable Duration duration(JsonNode node, String path) {
    String text = node.isString() ? node.stringValue() : null;
    Duration duration = text == null ? null : DurationText.parse(text);
    return duration == null ? violation(path, node, DurationText.EXPECTATION) : duration;
  }

  /** A duration, or {@code 0s} (any zero amount with a unit) for none. */
  private @Nullable Duration durationOrZero(JsonNode node, String path) {
    String text = node.isString() ? node.stringValue().strip() : null;
    if (text != null && text.matches("0+(ms|s|m|h)")) {
      return Duration.ZERO;
    }
    Duration duration = text == null ? null : DurationText.parse(text);
    return duration == null ? violation(path, node, "0s or " + DurationText.EXPECTATION) : duration;
  }

  private <E extends Enum<E>> @Nullable E wireName(JsonNode node, String path, E[] constants) {
    String expected = WireNames.expected(constants);
    String text = string(node, path, expected);
    if (text == null) {
      return null;
    }
    E constant = WireNames.lookup(constants, text.strip());
    return constant == null ? violation(path, node, expected) : constant;
  }

  private @Nullable Integer integer(JsonNode node, String path, int min, int max) {
    Long value = longInteger(node, path, min, max);
    return value == null ? null : value.intValue();
  }

  private @Nullable Long longInteger(JsonNode node, String path, long min, long max) {
    String range = max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
    BigDecimal value = decimal(node, path, "a whole number " + range);
    if (value == null) {
      return null;
    }
    if (value.stripTrailingZeros().scale() > 0) {
      return violation(path, node, "a whole number " + range);
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      return violation(path, node, range);
    }
    return value.longValueExact();
  }

  /**
   * Reads a finite number: 0..100 when {@code atMostHundred}, greater than 0 when {@code positive},
   * else 0 or more. {@code bounds} describes this for the message, e.g. {@code 0..100}.
   */
  private @Nullable Double number(
      JsonNode node, String path, String bounds, boolean positive, boolean atMostHundred) {
    BigDecimal value = decimal(node, path, "a number " + bounds);
    if (value == null) {
      return null;
    }
    boolean tooSmall = positive ? value.signum() <= 0 : value.signum() < 0;
    boolean tooLarge = atMostHundred && value.compareTo(HUNDRED) > 0;
    double asDouble = value.doubleValue();
    if (tooSmall || tooLarge || !Double.isFinite(asDouble)) {
      return violation(path, node, bounds);
    }
    return asDouble;
  }

  /** Any YAML number: {@link RulesParser} reads floats as decimals, so none is lost or infinite. */
  private @Nullable BigDecimal decimal(JsonNode node, String path, String expected) {
    return node.isNumber() ? node.decimalValue() : violation(path, node, expected);
  }

  // Structure

  private <T> @Nullable List<T> list(
      JsonNode node, String path, String expected, ValueReader<T> elementReader) {
    if (!node.isArray()) {
      return violation(path, node, expected);
    }
    List<T> values = new ArrayList<>(node.size());
    boolean complete = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      String at = path + "[" + i + "]";
      T value = elementReader.read(element, at);
      if (value == null) {
        complete = false;
      } else {
        values.add(value);
      }
    }
    return complete ? values : null;
  }

  private <T> @Nullable T required(
      JsonNode object, String parent, String key, String expected, ValueReader<T> reader) {
    String path = child(parent, key);
    JsonNode node = object.get(key);
    if (node == null || node.isMissingNode()) {
      add(RuleViolation.missing(path, expected));
      return null;
    }
    if (node.isNull()) {
      return violation(path, node, expected);
    }
    return reader.read(node, path);
  }

  private <T> T optional(
      JsonNode object, String parent, String key, T defaultValue, ValueReader<T> reader) {
    T value = optional(object, parent, key, reader);
    return value == null ? defaultValue : value;
  }

  /** The value of an optional key without a default: null when absent or invalid. */
  private <T> @Nullable T optional(
      JsonNode object, String parent, String key, ValueReader<T> reader) {
    JsonNode node = object.get(key);
    return absent(node) ? null : reader.read(node, child(parent, key));
  }

  private void checkKeys(JsonNode object, String path, List<String> allowed) {
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      if (!allowed.contains(property.getKey())) {
        violation(
            child(path, shorten(property.getKey())),
            property.getValue(),
            "one of " + String.join(", ", allowed));
      }
    }
  }

  /**
   * Builds a record from values the readers checked. The compact constructor's checks are a safety
   * net: should one still fire, it becomes a violation rather than an escape.
   */
  private <T> @Nullable T build(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      add(new RuleViolation(path, "<invalid>", String.valueOf(e.getMessage())));
      return null;
    }
  }

  // returns null of whatever type the reader returns, so that a reader can `return violation(..)`
  @SuppressWarnings("TypeParameterUnusedInFormals")
  private <T> @Nullable T violation(String path, JsonNode node, String expected) {
    return violation(path, render(node), expected);
  }

  @SuppressWarnings("TypeParameterUnusedInFormals")
  private <T> @Nullable T violation(String path, String value, String expected) {
    add(new RuleViolation(path, value, expected));
    return null;
  }

  /** The last violation of a list cut at {@link RulesParser#MAX_VIOLATIONS}. */
  static RuleViolation more(int unlisted) {
    return new RuleViolation(
        RuleViolation.ROOT,
        unlisted + " more problems",
        "at most " + RulesParser.MAX_VIOLATIONS + " listed; fix these first");
  }

  /**
   * Lists a violation while fewer than {@link RulesParser#MAX_VIOLATIONS} are; counts it always.
   */
  private void add(RuleViolation violation) {
    found++;
    if (violations.size() < RulesParser.MAX_VIOLATIONS) {
      violations.add(violation);
    }
  }

  private static boolean absent(@Nullable JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** The value as written, on one line and at most {@value #MAX_VALUE_LENGTH} characters. */
  static String render(JsonNode node) {
    if (node.isString()) {
      String text = node.stringValue();
      return text.isEmpty() ? "''" : shorten(text);
    }
    if (node.isBigDecimal()) {
      return shorten(plain(node.decimalValue()));
    }
    StringBuilder json = new StringBuilder();
    appendJson(json, node);
    return shorten(json);
  }

  /**
   * Compact JSON of a node, as {@code toString()} writes it, but cut once it is longer than a
   * violation shows: a huge or deeply nested value costs no more than its first characters.
   */
  private static void appendJson(StringBuilder json, JsonNode node) {
    if (node.isObject()) {
      json.append('{');
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        if (json.length() > MAX_VALUE_LENGTH) {
          return;
        }
        json.append(json.charAt(json.length() - 1) == '{' ? "" : ",");
        appendJson(json, StringNode.valueOf(property.getKey()));
        json.append(':');
        appendJson(json, property.getValue());
      }
      json.append('}');
    } else if (node.isArray()) {
      json.append('[');
      for (JsonNode element : node.values()) {
        if (json.length() > MAX_VALUE_LENGTH) {
          return;
        }
        json.append(json.charAt(json.length() - 1) == '[' ? "" : ",");
        appendJson(json, element);
      }
      json.append(']');
    } else if (node.isString() && node.stringValue().length() > MAX_VALUE_LENGTH) {
      appendJson(json, StringNode.valueOf(node.stringValue().substring(0, MAX_VALUE_LENGTH)));
    } else if (node.isBigDecimal()) {
      json.append(plain(node.decimalValue()));
    } else {
      json.append(node);
    }
  }

  /**
   * A decimal without exponent, as written in the file, unless that would take more characters than
   * a violation shows ({@code 1e999999999} has a billion digits written out).
   */
  private static String plain(BigDecimal value) {
    int scale = value.scale();
    return scale >= -MAX_VALUE_LENGTH && scale <= MAX_VALUE_LENGTH
        ? value.toPlainString()
        : value.toString();
  }

  /** Text on one line and at most {@value #MAX_VALUE_LENGTH} characters, cut with {@code …}. */
  static String shorten(CharSequence text) {
    StringBuilder oneLine = new StringBuilder(Math.min(text.length(), MAX_VALUE_LENGTH) + 1);
    int i = 0;
    for (; i < text.length() && oneLine.length() < MAX_VALUE_LENGTH; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        oneLine.append("\\n");
      } else if (Character.isISOControl(c)) {
        oneLine.append(' ');
      } else {
        oneLine.append(c);
      }
    }
    if (i < text.length()) {
      oneLine.append('…');
    }
    return oneLine.toString();
  }
}
