package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.ForkedGateway;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayReplica;
import dev.strangler.gateway.support.RedisServer;
import dev.strangler.gateway.support.RulesFiles;
import dev.strangler.rules.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Rollout plans over three replicas on one Redis: one judge (the holder of the plan lease, a
 * gateway process of its own started first), gates on the figures of every replica added up, and a
 * takeover when the judge is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaPlansIT {

  static final String TOKEN = "plans-test-admin-token-01";

  static final Duration LEASE_TTL = Duration.ofSeconds(2);

  static final Duration EVALUATE_INTERVAL = Duration.ofMillis(200);

  @RegisterExtension static RedisServer redis = RedisServer.newInstance();

  @RegisterExtension
  static final GatewayBackends backends = GatewayBackends.withoutRules().and("broken-modern");

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  /** The modern side of route checkout as one replica sees it: every call fails. */
  static final WireMockExtension brokenModern = backends.backend("broken-modern");

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: checkout
          paths: [/checkout/**]
          modern: %s
          mode: canary
          sticky-by: [header:X-User-Id]
          fallback: {statuses: [503], circuit-breaker: {window: 1000, minimum-calls: 1000}}
          plan: {steps: [50, 100], step-duration: 1s, min-requests: 90, max-error-rate: 15, max-latency-ratio: 1000, on-failure: rollback, warm-up: 0s}
        - id: walk
          paths: [/walk/**]
          modern: ${modern}
          mode: canary
          sticky-by: [header:X-User-Id]
          plan: {steps: [10, 20, 30, 40, 50, 100], step-duration: 1s, min-requests: 5, max-error-rate: 50, max-latency-ratio: 1000, warm-up: 0s}
      """;

  static String prefix;

  static ForkedGateway judge;

  /** The in-process replicas: one whose checkout calls to modern succeed, one whose fail. */
  static final List<GatewayReplica> replicas = new ArrayList<>();

  static List<String> args(RulesFiles rules) {
    return List.of(
        "--strangler.rules.location=" + rules.path(),
        "--strangler.rules.poll-interval=100ms",
        "--strangler.state.store=redis",
        "--spring.data.redis.url=" + redis.url(),
        "--strangler.state.redis.key-prefix=" + prefix,
        "--strangler.state.redis.figures-interval=200ms",
        "--strangler.state.redis.figures-ttl=2s",
        "--strangler.state.redis.lease-ttl=" + LEASE_TTL.toMillis() + "ms",
        "--strangler.plans.evaluate-interval=" + EVALUATE_INTERVAL.toMillis() + "ms");
  }

  @BeforeAll
  static void start() {
    backends();
    prefix = "plans-" + UUID.randomUUID() + ":";
    RulesFiles healthy = backends.newRulesFile().write(RULES.formatted("${modern}"));
    RulesFiles broken = backends.newRulesFile().write(RULES.formatted(brokenModern.baseUrl()));

    List<String> judgeArgs = new ArrayList<>(args(healthy));
    judgeArgs.add("--strangler.admin.token=" + TOKEN);
    judge = ForkedGateway.start(judgeArgs).awaitReady(Duration.ofSeconds(120));
    await().atMost(Duration.ofSeconds(10)).until(() -> planJudge(judge.management()));

    replicas.add(GatewayReplica.start(TOKEN, args(healthy)));
    replicas.add(GatewayReplica.start(TOKEN, args(broken)));
  }

  /** WireMock forgets its stubs before each test. */
  @BeforeEach
  void stubBackends() {
    backends();
  }

  static void backends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    brokenModern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
  }

  @AfterAll
  static void stop() {
    if (judge != null) {
      judge.close();
    }
    replicas.forEach(GatewayReplica::close);
    replicas.clear();
  }

  @Test
  @Order(1)
  void
      gate_judgedOnTheFiguresOfEveryReplica_failsForOneReplicasFailures_andTheRollbackReachesAll() {
    assertThat(planJudge(judge.management())).as("the judge's own modern calls succeed").isTrue();
    List<GatewayClient> clients =
        List.of(judge.client(), replicas.get(0).client(), replicas.get(1).client());
    AtomicInteger user = new AtomicInteger();
    Map<GatewayReplica, Instant> rolledBackAt = new ConcurrentHashMap<>();
    for (GatewayReplica replica : replicas) {
      replica
          .context()
          .getBean(LiveRouter.class)
          .onSharedStateApplied(
              event -> {
                if (event.router().rollout("checkout").mode() == Mode.LEGACY) {
                  rolledBackAt.putIfAbsent(replica, Instant.now());
                }
              });
    }

    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                for (int i = 0; i < 30; i++) {
                  for (GatewayClient client : clients) {
                    client.get("/checkout/pay", "X-User-Id", "user-" + user.incrementAndGet());
                  }
                }
                return "legacy"
                    .equals(route(judge.admin(TOKEN), "checkout").get("mode").asString());
              });
    } catch (ConditionTimeoutException ex) {
      throw new AssertionError(
          "no rollback; audit: "
              + audit(judge.admin(TOKEN), "checkout")
              + "\njudge's log:\n"
              + judge.log().lines().filter(line -> line.contains("dev.strangler")).toList(),
          ex);
    }

    JsonNode rollback = audit(judge.admin(TOKEN), "checkout").get(0);
    assertThat(rollback.get("action").asString()).isEqualTo("plan-rollback");
    assertThat(rollback.get("who").asString()).isEqualTo("plan");
    double errorRate = rollback.get("figures").get("error-rate").asDouble();
    assertThat(errorRate)
        .as("a third of the modern calls failed, on one replica of three")
        .isBetween(15.0, 60.0);
    // the judge and the replicas share this machine's clock: the rollback reached each replica
    // within a second of the judge's decision
    Instant decided = Instant.parse(rollback.get("at").asString());
    await().atMost(Duration.ofSeconds(5)).until(() -> rolledBackAt.size() == replicas.size());
    rolledBackAt.forEach(
        (replica, at) ->
            assertThat(Duration.between(decided, at))
                .as("the rollback reached a replica after")
                .isLessThan(Duration.ofSeconds(1)));
    for (GatewayReplica replica : replicas) {
      assertThat(
              replica
                  .client()
                  .get("/checkout/pay", "X-User-Id", "user-1")
                  .headers()
                  .firstValue("X-Strangler-Target"))
          .hasValue("legacy");
    }
  }

  @Test
  @Order(2)
  void judgeKilledMidStep_anotherReplicaTakesOver_andNoStepIsSkippedOrRepeated() throws Exception {
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    ExecutorService load = Executors.newFixedThreadPool(replicas.size());
    for (GatewayReplica replica : replicas) {
      load.submit(
          () -> {
            GatewayClient client = replica.client();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            for (int n = 0; loading.get() && n < 2_000_000 && System.nanoTime() < deadline; n++) {
              try {
                sent.incrementAndGet();
                int status = client.get("/walk/on", "X-User-Id", "walker-" + n).statusCode();
                if (status != 200) {
                  failures.add("status " + status);
                }
              } catch (RuntimeException ex) {
                failures.add(ex.toString());
              }
            }
          });
    }
    try {
      AdminClient admin = replicas.get(0).admin();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> route(admin, "walk").get("percent").asDouble() >= 30);
      assertThat(planJudge(judge.management())).as("the forked gateway still judges").isTrue();

      judge.kill();
      long killed = System.nanoTime();
      await()
          .atMost(LEASE_TTL.plus(EVALUATE_INTERVAL).plusSeconds(5))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> replicas.stream().anyMatch(r -> r.context().getBean(PlanLease.class).held()));
      Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
      assertThat(takeover)
          .as("taken over within the lease's time to live and an evaluation, and a second to spare")
          .isLessThan(LEASE_TTL.plus(EVALUATE_INTERVAL).plusSeconds(1));

      // each step waits for its evidence; on a loaded machine the walk to the end takes longer
      try {
        await()
            .atMost(Duration.ofSeconds(150))
            .until(() -> "modern".equals(route(admin, "walk").get("mode").asString()));
      } catch (ConditionTimeoutException ex) {
        throw new AssertionError(
            "the walk stopped; requests sent: "
                + sent.get()
                + "\nroute: "
                + route(admin, "walk")
                + "\nsimulation: "
                + admin.send("POST", "/admin/routes/walk/plan/simulate", "{}").body()
                + "\naudit: "
                + audit(admin, "walk")
                + "\nlease held: "
                + replicas.stream().map(r -> r.context().getBean(PlanLease.class).held()).toList(),
            ex);
      }
    } finally {
      loading.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    List<String> steps =
        new ArrayList<>(
            audit(replicas.get(1).admin(), "walk").stream()
                .filter(entry -> entry.get("action").asString().equals("plan-step"))
                .map(
                    entry ->
                        entry.get("to").get("mode").asString()
                            + " "
                            + entry.get("to").get("percent").asInt())
                .toList());
    Collections.reverse(steps);
    assertThat(steps)
        .as("every step once, in order, across the takeover")
        .containsExactly(
            "canary 10",
            "canary 20",
            "canary 30",
            "canary 40",
            "canary 50",
            "canary 100",
            "modern 100");
    assertThat(failures).isEmpty();
  }

  static boolean planJudge(GatewayClient management) {
    JsonNode health = AdminClient.parse(management.get("/actuator/health").body());
    return health.get("components").get("stateStore").get("details").get("planJudge").asBoolean();
  }

  static JsonNode route(AdminClient admin, String id) {
    return admin.json("/admin/routes/" + id);
  }

  static List<JsonNode> audit(AdminClient admin, String route) {
    return StreamSupport.stream(
            admin.json("/admin/audit?route=" + route).get("entries").spliterator(), false)
        .toList();
  }
}
