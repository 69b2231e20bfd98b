package dev.strangler.gateway.admin;

import dev.strangler.gateway.admin.AdminRequests.RolloutRequest;
import dev.strangler.gateway.plan.PlanSteering;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RolloutChange;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.route.RulesStatus;
import dev.strangler.gateway.route.TargetsChange;
import dev.strangler.gateway.shadow.DiffsSource;
import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.state.StateStoreUnavailableException;
import dev.strangler.gateway.support.ProblemResponses;
import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API under {@code /admin}: JSON in and out, every error an {@code
 * application/problem+json} document.
 *
 * <p>Handlers read the request on the event loop and do the rest on {@link
 * Schedulers#boundedElastic()}: a change is written to the state store (disk or Redis) before it is
 * put in force; while the store cannot be written, a change answers 503 and nothing changes. Reads
 * answer from memory, with the figures of every live replica added up. Order of checks: body size
 * and type, unknown route (404), invalid body (400), conflict (409).
 */
final class AdminApi {

  private static final Log log = LogFactory.getLog(AdminApi.class);

  private static final int DEFAULT_AUDIT_LIMIT = 100;

  private static final int DEFAULT_SHAPES_LIMIT = 50;

  /** The most path shapes one can ask for; at most those kept are listed. */
  private static final int MAX_SHAPES_LIMIT = 100_000;

  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

  private static final Rollout ROLLED_BACK = new Rollout(Mode.LEGACY, Percent.ZERO);

  /** The calls, for telling an unknown path (404) from a wrong method (405). */
  private static final Map<PathPattern, List<HttpMethod>> CALLS = calls();

  private final LiveRouter router;

  private final StateStore store;

  private final RulesFileWatcher rulesWatcher;

  private final RouteViews views;

  private final ProgressViews progress;

  private final PlanSteering plans;

  private final DiffsSource diffs;

  private final ProblemResponses problems;

  private final Clock clock;

  private final AdminRequests requests = new AdminRequests();

  private final JsonMapper json =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  AdminApi(
      LiveRouter router,
      StateStore store,
      RulesFileWatcher rulesWatcher,
      RouteViews views,
      ProgressViews progress,
      PlanSteering plans,
      DiffsSource diffs,
      ProblemResponses problems,
      Clock clock) {
    this.router = router;
    this.store = store;
    this.rulesWatcher = rulesWatcher;
    this.views = views;
    this.progress = progress;
    this.plans = plans;
    this.diffs = diffs;
    this.problems = problems;
    this.clock = clock;
  }

  private static Map<PathPattern, List<HttpMethod>> calls() {
    PathPatternParser parser = PathPatternParser.defaultInstance;
    Map<PathPattern, List<HttpMethod>> calls = new LinkedHashMap<>();
    calls.put(parser.parse("/admin/routes"), List.of(HttpMethod.GET));
    calls.put(parser.parse("/admin/routes/{id}"), List.of(HttpMethod.GET));
    calls.put(parser.parse("/admin/routes/{id}/rollout"), List.of(HttpMethod.PUT));
    calls.put(parser.parse("/admin/routes/{id}/rollback"), List.of(HttpMethod.POST));
    calls.put(parser.parse("/admin/routes/{id}/targets"), List.of(HttpMethod.PUT));
    calls.put(parser.parse("/admin/routes/{id}/plan/{move}"), List.of(HttpMethod.POST));
    calls.put(parser.parse("/admin/routes/{id}/diffs"), List.of(HttpMethod.GET, HttpMethod.DELETE));
    calls.put(parser.parse("/admin/audit"), List.of(HttpMethod.GET));
    calls.put(parser.parse("/admin/rules"), List.of(HttpMethod.GET));
    calls.put(parser.parse("/admin/runbook"), List.of(HttpMethod.GET));
    calls.put(parser.parse("/admin/progress"), List.of(HttpMethod.GET));
    calls.put(parser.parse("/admin/routes/{id}/history"), List.of(HttpMethod.GET));
    return calls;
  }

  /** Returns the admin API's routes. */
  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/admin/routes", this::listRoutes)
        .GET("/admin/routes/{id}", this::getRoute)
        .PUT("/admin/routes/{id}/rollout", this::setRollout)
        .POST("/admin/routes/{id}/rollback", this::rollback)
        .PUT("/admin/routes/{id}/targets", this::setTargets)
        .POST("/admin/routes/{id}/plan/simulate", this::simulatePlan)
        .POST("/admin/routes/{id}/plan/{move}", this::steerPlan)
        .GET("/admin/routes/{id}/diffs", this::getDiffs)
        .DELETE("/admin/routes/{id}/diffs", this::resetDiffs)
        .GET("/admin/audit", this::audit)
        .GET("/admin/rules", this::rules)
        .GET("/admin/runbook", this::runbook)
        .GET("/admin/progress", this::progress)
        .GET("/admin/routes/{id}/history", this::history)
        .route(
            request -> request.path().equals("/admin") || request.path().startsWith("/admin/"),
            this::noSuchCall)
        .filter(
            (request, next) -> next.handle(request).onErrorResume(error -> problem(request, error)))
        .build();
  }

  private Mono<ServerResponse> listRoutes(ServerRequest request) {
    return offload(
            () -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("rulesVersion", router.current().rules().version());
              body.put("replicas", views.replicas());
              body.put("stateStore", Map.of("store", store.kind(), "up", store.available()));
              body.put("routes", views.all());
              return body;
            })
        .flatMap(body -> json(HttpStatus.OK, body));
  }

  private Mono<ServerResponse> getRoute(ServerRequest request) {
    String id = request.pathVariable("id");
    return offload(() -> views.of(id).orElseThrow(() -> AdminProblem.unknownRoute(id)))
        .flatMap(view -> json(HttpStatus.OK, view));
  }

  private Mono<ServerResponse> setRollout(ServerRequest request) {
    String id = request.pathVariable("id");
    return Mono.zip(body(request), who(request))
        .flatMap(
            input ->
                offload(
                    () -> {
                      RouteRule route = route(id);
                      RolloutRequest asked =
                          requests.rollout(input.getT1(), router.current().rollout(route.id()));
                      change(
                          new RolloutChange(
                              id,
                              asked.rollout(),
                              input.getT2(),
                              AuditAction.ROLLOUT,
                              asked.reason(),
                              Map.of()));
                      return views.of(id).orElseThrow(() -> AdminProblem.unknownRoute(id));
                    }))
        .flatMap(view -> json(HttpStatus.OK, view));
  }

  private Mono<ServerResponse> setTargets(ServerRequest request) {
    String id = request.pathVariable("id");
    return Mono.zip(body(request, AdminRequests.MAX_TARGETS_BODY_BYTES), who(request))
        .flatMap(
            input ->
                offload(
                    () -> {
                      RouteRule route = route(id);
                      AdminRequests.TargetsRequest asked = requests.targets(input.getT1(), route);
                      if (router
                          .applyTargets(
                              new TargetsChange(id, asked.targets(), input.getT2(), asked.reason()))
                          .isEmpty()) {
                        throw AdminProblem.unknownRoute(id);
                      }
                      return views.of(id).orElseThrow(() -> AdminProblem.unknownRoute(id));
                    }))
        .flatMap(view -> json(HttpStatus.OK, view));
  }

  /** What the plan would decide now; moves nothing, so it needs no body and writes nothing. */
  private Mono<ServerResponse> simulatePlan(ServerRequest request) {
    String id = request.pathVariable("id");
    return body(request)
        .flatMap(
            ignored ->
                offload(
                    () -> {
                      RouteRule route = route(id);
                      if (route.plan() == null) {
                        throw AdminProblem.of(
                            HttpStatus.CONFLICT, "no-plan", "route " + id + " has no plan");
                      }
                      try {
                        return plans.simulate(id);
                      } catch (UnsupportedOperationException ex) {
                        throw AdminProblem.of(
                            HttpStatus.NOT_IMPLEMENTED,
                            "plans-not-enabled",
                            String.valueOf(ex.getMessage()));
                      } catch (IllegalStateException ex) {
                        throw AdminProblem.of(
                            HttpStatus.CONFLICT, "plan-conflict", String.valueOf(ex.getMessage()));
                      }
                    }))
        .flatMap(simulation -> json(HttpStatus.OK, simulation));
  }

  private Mono<ServerResponse> rollback(ServerRequest request) {
    String id = request.pathVariable("id");
    return Mono.zip(body(request), who(request))
        .flatMap(
            input ->
                offload(
                    () -> {
                      RouteRule route = route(id);
                      String reason = requests.reason(input.getT1());
                      change(
                          new RolloutChange(
                              id,
                              ROLLED_BACK,
                              input.getT2(),
                              AuditAction.ROLLBACK,
                              reason,
                              Map.of()));
                      if (route.plan() != null && plans.status(id).isPresent()) {
                        pausePlanAfterRollback(id, input.getT2(), reason);
                      }
                      return views.of(id).orElseThrow(() -> AdminProblem.unknownRoute(id));
                    }))
        .flatMap(view -> json(HttpStatus.OK, view));
  }

  private void pausePlanAfterRollback(String id, String who, String reason) {
    try {
      plans.pause(id, who, reason);
    } catch (IllegalStateException | UnsupportedOperationException ex) {
      // the plan was not running: the rollback alone is what was asked
      log.debug("Plan of route " + id + " not paused after the rollback: " + ex.getMessage());
    }
  }

  private void change(RolloutChange change) {
    if (router.applyRollout(change).isEmpty()) {
      throw AdminProblem.unknownRoute(change.routeId());
    }
  }

  private Mono<ServerResponse> steerPlan(ServerRequest request) {
    String id = request.pathVariable("id");
    PlanMove move = PlanMove.parse(request.pathVariable("move"));
    if (move == null) {
      return noSuchCall(request);
    }
    return Mono.zip(body(request), who(request))
        .flatMap(
            input ->
                offload(
                    () -> {
                      RouteRule route = route(id);
                      String reason = requests.reason(input.getT1());
                      if (route.plan() == null) {
                        throw AdminProblem.of(
                            HttpStatus.CONFLICT, "no-plan", "route " + id + " has no plan");
                      }
                      try {
                        return switch (move) {
                          case PAUSE -> plans.pause(id, input.getT2(), reason);
                          case RESUME -> plans.resume(id, input.getT2(), reason);
                          case ADVANCE -> plans.advance(id, input.getT2(), reason);
                        };
                      } catch (UnsupportedOperationException ex) {
                        throw AdminProblem.of(
                            HttpStatus.NOT_IMPLEMENTED,
                            "plans-not-enabled",
                            String.valueOf(ex.getMessage()));
                      } catch (IllegalStateException ex) {
                        throw AdminProblem.of(
                            HttpStatus.CONFLICT, "plan-conflict", String.valueOf(ex.getMessage()));
                      }
                    }))
        .flatMap(status -> json(HttpStatus.OK, status));
  }

  /** The moves of {@code POST /admin/routes/{id}/plan/{move}}. */
  private enum PlanMove {
    PAUSE,
    RESUME,
    ADVANCE;

    /** The move a path names, or null for none. */
    static @Nullable PlanMove parse(String move) {
      for (PlanMove known : values()) {
        if (known.name().toLowerCase(Locale.ROOT).equals(move)) {
          return known;
        }
      }
      return null;
    }
  }

  private Mono<ServerResponse> getDiffs(ServerRequest request) {
    String id = request.pathVariable("id");
    return offload(
            () -> {
              route(id);
              return diffs.report(id).orElseThrow(() -> noDiffReport(id));
            })
        .flatMap(report -> json(HttpStatus.OK, report));
  }

  private Mono<ServerResponse> resetDiffs(ServerRequest request) {
    String id = request.pathVariable("id");
    return who(request)
        .flatMap(
            who ->
                offload(
                    () -> {
                      route(id);
                      String reason =
                          requests.optionalReason(request.queryParam("reason").orElse(null));
                      if (diffs.report(id).isEmpty()) {
                        throw noDiffReport(id);
                      }
                      store.append(
                          new AuditEntry(
                              clock.instant(),
                              who,
                              id,
                              AuditAction.DIFFS_RESET.wireName(),
                              null,
                              null,
                              reason,
                              Map.of()));
                      diffs.reset(id);
                      log.info(
                          who
                              + " reset the diff report of route "
                              + id
                              + (reason == null ? "" : ": " + reason));
                      return id;
                    }))
        .flatMap(done -> ServerResponse.noContent().build());
  }

  private static AdminProblem noDiffReport(String id) {
    return AdminProblem.notFound("no-diff-report", "route " + id + " has no diff report");
  }

  private Mono<ServerResponse> audit(ServerRequest request) {
    return offload(
            () -> {
              int capacity = store.auditCapacity();
              String limitText =
                  request.queryParam("limit").orElse(String.valueOf(DEFAULT_AUDIT_LIMIT));
              int limit;
              try {
                limit = Integer.parseInt(limitText);
              } catch (NumberFormatException ex) {
                limit = -1;
              }
              if (limit < 1 || limit > capacity) {
                throw AdminProblem.invalid(
                    List.of(
                        "limit: "
                            + limitText.substring(0, Math.min(limitText.length(), 20))
                            + " (expected: 1.."
                            + capacity
                            + ")"));
              }
              Optional<String> route = request.queryParam("route");
              List<AuditEntry> entries =
                  route.isEmpty()
                      ? store.audit(limit)
                      : store.audit(capacity).stream()
                          .filter(e -> route.get().equals(e.route()))
                          .limit(limit)
                          .toList();
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("capacity", capacity);
              body.put("entries", entries);
              return body;
            })
        .flatMap(body -> json(HttpStatus.OK, body));
  }

  private Mono<ServerResponse> rules(ServerRequest request) {
    return offload(
            () -> {
              RulesStatus status = rulesWatcher.status();
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("source", status.source());
              body.put("version", status.version());
              body.put("routes", router.current().rules().routes().size());
              body.put("loadedAt", status.loadedAt());
              body.put("lastCheckedAt", status.lastAttemptAt());
              body.put("status", status.failing() ? "refused" : "ok");
              body.put("errors", status.errors());
              body.put("refusedVersion", status.refusedVersion());
              return body;
            })
        .flatMap(body -> json(HttpStatus.OK, body));
  }

  private Mono<ServerResponse> runbook(ServerRequest request) {
    String adminUrl = adminUrl(request);
    return offload(
            () ->
                new Runbook(adminUrl, plans.enabled())
                    .write(
                        views.all(),
                        rulesWatcher.status(),
                        progress.progress(Runbook.SHAPES),
                        clock.instant()))
        .flatMap(markdown -> ServerResponse.ok().contentType(MARKDOWN).bodyValue(markdown));
  }

  private Mono<ServerResponse> progress(ServerRequest request) {
    return offload(
            () -> {
              int bound = MAX_SHAPES_LIMIT;
              String limitText =
                  request.queryParam("shapes").orElse(String.valueOf(DEFAULT_SHAPES_LIMIT));
              int limit;
              try {
                limit = Integer.parseInt(limitText);
              } catch (NumberFormatException ex) {
                limit = -1;
              }
              if (limit < 0 || limit > bound) {
                throw AdminProblem.invalid(
                    List.of(
                        "shapes: "
                            + limitText.substring(0, Math.min(limitText.length(), 20))
                            + " (expected: 0.."
                            + bound
                            + ")"));
              }
              return progress.progress(limit);
            })
        .flatMap(body -> json(HttpStatus.OK, body));
  }

  private Mono<ServerResponse> history(ServerRequest request) {
    String id = request.pathVariable("id");
    return offload(
            () -> {
              if (!RoutingDecision.CATCH_ALL_ROUTE_ID.equals(id)) {
                route(id);
              }
              return progress.history(id);
            })
        .flatMap(body -> json(HttpStatus.OK, body));
  }

  /**
   * The management server as the caller reached it: the Host header when it is a plain host name or
   * address (so the commands work through a port-forward), else the local address.
   */
  private static String adminUrl(ServerRequest request) {
    String scheme = "https".equals(request.uri().getScheme()) ? "https" : "http";
    String hostHeader = request.headers().firstHeader(HttpHeaders.HOST);
    if (hostHeader != null) {
      int colon = hostHeader.lastIndexOf(':');
      boolean hasPort = colon > 0 && hostHeader.indexOf(']') < colon;
      String host = hasPort ? hostHeader.substring(0, colon) : hostHeader;
      String port = hasPort ? hostHeader.substring(colon + 1) : "";
      if (HOST.matcher(host).matches() && port.matches("[0-9]{0,5}")) {
        return scheme + "://" + host + (port.isEmpty() ? "" : ":" + port);
      }
    }
    int localPort = request.localAddress().map(InetSocketAddress::getPort).orElse(0);
    return scheme + "://localhost:" + localPort;
  }

  private Mono<ServerResponse> noSuchCall(ServerRequest request) {
    String path = request.path();
    for (Map.Entry<PathPattern, List<HttpMethod>> call : CALLS.entrySet()) {
      if (call.getKey().matches(request.requestPath().pathWithinApplication())
          && !call.getValue().contains(request.method())) {
        String allowed = String.join(", ", call.getValue().stream().map(HttpMethod::name).toList());
        return Mono.error(
            AdminProblem.methodNotAllowed(
                request.method().name() + " " + call.getKey() + " (expected: " + allowed + ")",
                allowed));
      }
    }
    return Mono.error(
        AdminProblem.notFound(
            "no-such-admin-call",
            "no admin call "
                + request.method().name()
                + " "
                + (path.length() > 100 ? path.substring(0, 100) + "…" : path)));
  }

  private RouteRule route(String id) {
    return router.current().rules().route(id).orElseThrow(() -> AdminProblem.unknownRoute(id));
  }

  /**
   * The request body, at most {@link AdminRequests#MAX_BODY_BYTES}; a non-empty one must be JSON.
   */
  private static Mono<byte[]> body(ServerRequest request) {
    return body(request, AdminRequests.MAX_BODY_BYTES);
  }

  /** The request body, at most {@code limit} bytes; a non-empty one must be JSON. */
  private static Mono<byte[]> body(ServerRequest request, int limit) {
    return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .onErrorMap(
            DataBufferLimitException.class,
            ex ->
                AdminProblem.of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "body-too-large",
                    "body: more than " + limit + " bytes (expected: at most " + limit + ")"))
        .flatMap(
            bytes -> {
              MediaType type = request.headers().contentType().orElse(null);
              if (bytes.length > 0 && (type == null || !isJson(type))) {
                return Mono.error(
                    AdminProblem.of(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-media-type",
                        "Content-Type: "
                            + (type == null ? "<missing>" : type.toString())
                            + " (expected: application/json)"));
              }
              return Mono.just(bytes);
            });
  }

  private static boolean isJson(MediaType type) {
    return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json");
  }

  private static Mono<String> who(ServerRequest request) {
    return request
        .principal()
        .map(Principal::getName)
        .switchIfEmpty(
            Mono.error(
                () -> new IllegalStateException("admin call without an authenticated token")));
  }

  private static <T> Mono<T> offload(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }

  private Mono<ServerResponse> json(HttpStatus status, Object body) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.writeValueAsBytes(body));
  }

  private Mono<ServerResponse> problem(ServerRequest request, Throwable error) {
    AdminProblem problem;
    if (error instanceof AdminProblem admin) {
      problem = admin;
    } else if (error instanceof StateStoreUnavailableException unavailable) {
      log.warn(
          "Admin call "
              + request.method()
              + " "
              + request.path()
              + " not done: "
              + unavailable.getMessage());
      problem =
          AdminProblem.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "state-store-unavailable",
              "the change was not made: the state store ("
                  + store.kind()
                  + ") is unavailable; routing goes on with the state in force, try again once it"
                  + " is back ("
                  + unavailable.getMessage()
                  + ")");
    } else if (error instanceof UncheckedIOException io) {
      log.error(
          "Admin call "
              + request.method()
              + " "
              + request.path()
              + " not done: the state store failed",
          io);
      problem =
          AdminProblem.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "state-not-saved",
              "the change was not made: the state store could not keep it ("
                  + io.getMessage()
                  + ")");
    } else {
      String errorId = Long.toHexString(ThreadLocalRandom.current().nextLong());
      log.error(
          "Admin call "
              + request.method()
              + " "
              + request.path()
              + " failed (error id "
              + errorId
              + ")",
          error);
      problem =
          AdminProblem.of(
              HttpStatus.INTERNAL_SERVER_ERROR,
              "internal-error",
              "the admin call failed; the gateway log has the cause under error id " + errorId);
    }
    byte[] document =
        problems.document(problem.status(), problem.type(), problem.detail(), problem.extensions());
    return ServerResponse.status(problem.status())
        .headers(headers -> problem.headers().forEach(headers::set))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(document);
  }
}
