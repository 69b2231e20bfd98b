package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.support.AdminClient;
import dev.strangler.gateway.support.GatewayBackends;
import dev.strangler.gateway.support.GatewayClient;
import dev.strangler.gateway.support.GatewayReplica;
import dev.strangler.gateway.support.RedisServer;
import dev.strangler.gateway.support.RulesFiles;
import dev.strangler.rules.Mode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Three gateways on one Redis ({@code strangler.state.store=redis}) act as one: a change made on
 * one is obeyed by all within a second, users keep their side whichever replica they reach,
 * concurrent changes are both kept, a change of the rules file is audited once, and a Redis outage
 * fails no request. Each test uses its own route of the shared rules.
 */
class ReplicasIT {

  static final String TOKEN = "replicas-test-admin-token-1";

  @RegisterExtension static RedisServer redis = RedisServer.newInstance();

  @RegisterExtension static final GatewayBackends backends = GatewayBackends.withoutRules();

  static final WireMockExtension legacy = backends.legacy();

  static final WireMockExtension modern = backends.modern();

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: catalog
          paths: [/catalog/**]
          modern: ${modern}
          mode: legacy
          sticky-by: [header:X-User-Id]
        - id: orders
          paths: [/orders/**]
          modern: ${modern}
          mode: legacy
        - id: reports
          paths: [/reports/**]
          modern: ${modern}
          mode: %s
        - id: search
          paths: [/search/**]
          modern: ${modern}
          mode: legacy
          sticky-by: [header:X-User-Id]
      """;

  static RulesFiles rules;

  static String prefix;

  /**
   * The replicas, closed together after the last test: closing one application context disposes
   * Reactor Netty's global event loops, which the others' servers share in this JVM.
   */
  static final List<GatewayReplica> replicas = new ArrayList<>();

  static List<String> args() {
    return List.of(
        "--strangler.rules.location=" + rules.path(),
        "--strangler.rules.poll-interval=100ms",
        "--strangler.state.store=redis",
        "--spring.data.redis.url=" + redis.url(),
        "--strangler.state.redis.key-prefix=" + prefix,
        "--strangler.state.redis.figures-interval=200ms",
        "--strangler.state.redis.figures-ttl=2s",
        "--strangler.state.redis.lease-ttl=2s",
        "--strangler.plans.evaluate-interval=200ms");
  }

  @BeforeAll
  static void startReplicas() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    rules = backends.newRulesFile().write(RULES.formatted("legacy"));
    prefix = "replicas-" + UUID.randomUUID() + ":";
    for (int i = 0; i < 3; i++) {
      replicas.add(GatewayReplica.start(TOKEN, args()));
    }
  }

  @AfterAll
  static void stopReplicas() {
    replicas.forEach(GatewayReplica::close);
    replicas.clear();
  }

  @BeforeEach
  void backends() {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
  }

  @Test
  void rolloutPut_onOneReplica_isObeyedByEveryReplicaWithinOneSecond_andUsersKeepTheirSide()
      throws Exception {
    for (int i = 0; i < replicas.size(); i++) {
      assertThat(target(i, "/catalog/1", "someone")).isEqualTo("legacy");
    }
    // when each replica put the change in force, by this JVM's clock: the replica that took the
    // PUT when it made the change, the others when they applied what Redis told them
    long[] inForceAt = new long[replicas.size()];
    replicas
        .get(0)
        .context()
        .getBean(LiveRouter.class)
        .onRolloutChanged(
            event -> {
              if (event.routeId().equals("catalog") && event.to().mode() == Mode.MODERN) {
                inForceAt[0] = System.nanoTime();
              }
            });
    for (int i = 1; i < replicas.size(); i++) {
      int replica = i;
      replicas
          .get(i)
          .context()
          .getBean(LiveRouter.class)
          .onSharedStateApplied(
              event -> {
                if (inForceAt[replica] == 0
                    && event.router().rollout("catalog").mode() == Mode.MODERN) {
                  inForceAt[replica] = System.nanoTime();
                }
              });
    }

    HttpResponse<String> put =
        replicas.get(0).admin().rollout("catalog", "{\"mode\":\"modern\",\"reason\":\"cut over\"}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Arrays.stream(inForceAt).allMatch(at -> at != 0));
    for (int i = 1; i < replicas.size(); i++) {
      assertThat(Duration.ofNanos(inForceAt[i] - inForceAt[0]))
          .as("replica %d put the change in force after the replica that took the PUT, within", i)
          .isLessThan(Duration.ofSeconds(1));
    }
    for (int i = 0; i < replicas.size(); i++) {
      assertThat(target(i, "/catalog/1", "someone")).as("replica %d obeys", i).isEqualTo("modern");
    }

    assertThat(
            replicas
                .get(1)
                .admin()
                .rollout("catalog", "{\"mode\":\"canary\",\"percent\":37.5,\"reason\":\"split\"}")
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> replicas.stream().allMatch(r -> percent(r.admin(), "catalog") == 37.5));
    String[][] sides = new String[replicas.size()][1000];
    ExecutorService perReplica = Executors.newFixedThreadPool(replicas.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < replicas.size(); i++) {
        int replica = i;
        done.add(
            perReplica.submit(
                () -> {
                  GatewayClient client = replicas.get(replica).client();
                  for (int user = 0; user < 1000; user++) {
                    sides[replica][user] =
                        client
                            .get("/catalog/items", "X-User-Id", "user-" + user)
                            .headers()
                            .firstValue("X-Strangler-Target")
                            .orElse("none");
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      perReplica.shutdownNow();
    }
    int onModern = 0;
    for (int user = 0; user < 1000; user++) {
      assertThat(sides[1][user]).as("user-" + user).isEqualTo(sides[0][user]);
      assertThat(sides[2][user]).as("user-" + user).isEqualTo(sides[0][user]);
      onModern += "modern".equals(sides[0][user]) ? 1 : 0;
    }
    assertThat(onModern).isBetween(300, 450);
  }

  @Test
  void concurrentPuts_onTwoReplicas_areBothKeptInOneOrder_andAudited_andEveryReplicaAgrees()
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= 3; round++) {
        CountDownLatch start = new CountDownLatch(1);
        int r = round;
        Future<HttpResponse<String>> first =
            threads.submit(() -> put(start, 0, "orders", 10 + r, "first of round " + r));
        Future<HttpResponse<String>> second =
            threads.submit(() -> put(start, 1, "orders", 50 + r, "second of round " + r));
        start.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    } finally {
      threads.shutdownNow();
    }

    AdminClient admin = replicas.get(2).admin();
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              List<JsonNode> entries = audit(admin, "orders");
              assertThat(entries).hasSize(6);
              double last = entries.get(0).get("to").get("percent").asDouble();
              for (GatewayReplica replica : replicas) {
                assertThat(percent(replica.admin(), "orders")).isEqualTo(last);
              }
            });
    List<JsonNode> newestFirst = audit(admin, "orders");
    assertThat(newestFirst)
        .extracting(entry -> entry.get("reason").asString())
        .containsExactlyInAnyOrder(
            "first of round 1",
            "second of round 1",
            "first of round 2",
            "second of round 2",
            "first of round 3",
            "second of round 3");
    for (int i = 0; i + 1 < newestFirst.size(); i++) {
      assertThat(newestFirst.get(i).get("from"))
          .as("each change is made from the one before it")
          .isEqualTo(newestFirst.get(i + 1).get("to"));
    }
  }

  @Test
  void rulesFileChange_seenByEveryReplica_replacesTheRuntimeStateOnce_auditedOnce() {
    assertThat(
            replicas
                .get(2)
                .admin()
                .rollout("reports", "{\"mode\":\"modern\",\"reason\":\"early\"}")
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> replicas.stream().allMatch(r -> "modern".equals(mode(r.admin(), "reports"))));

    rules.write(RULES.formatted("shadow"));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> replicas.stream().allMatch(r -> "shadow".equals(mode(r.admin(), "reports"))));
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(audit(replicas.get(0).admin(), "reports"))
                    .filteredOn(e -> "rules-reload-replaced".equals(e.get("action").asString()))
                    .hasSize(1));
    for (GatewayReplica replica : replicas) {
      assertThat(audit(replica.admin(), "reports"))
          .extracting(e -> e.get("action").asString())
          .containsExactly("rules-reload-replaced", "rollout");
    }
  }

  @Test
  void redisDown_duringLoad_failsNoRequest_refusesAdminWrites_andEverythingComesBack()
      throws Exception {
    assertThat(
            replicas
                .get(0)
                .admin()
                .rollout("search", "{\"mode\":\"canary\",\"percent\":20,\"reason\":\"start\"}")
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> replicas.stream().allMatch(r -> percent(r.admin(), "search") == 20.0));

    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService load = Executors.newFixedThreadPool(replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      int replica = i;
      load.submit(
          () -> {
            GatewayClient client = replicas.get(replica).client();
            for (int n = 0; loading.get() && n < 100_000; n++) {
              try {
                HttpResponse<String> response = client.get("/search/q", "X-User-Id", "user-" + n);
                if (response.statusCode() == 200) {
                  answered.incrementAndGet();
                } else {
                  failures.add(response.statusCode() + " " + response.body());
                }
              } catch (RuntimeException ex) {
                failures.add(ex.toString());
              }
            }
          });
    }
    GatewayReplica late;
    try {
      redis.stop();
      for (GatewayReplica replica : replicas) {
        await().atMost(Duration.ofSeconds(5)).until(() -> stateStore(replica).equals("DOWN"));
        assertThat(replica.management().get("/actuator/health/readiness").statusCode())
            .isEqualTo(200);
      }
      assertThat(replicas.get(1).management().get("/actuator/prometheus").body())
          .contains("strangler_state_store_up{application=\"strangler\",store=\"redis\"} 0");
      HttpResponse<String> refused =
          replicas
              .get(1)
              .admin()
              .rollout("search", "{\"mode\":\"canary\",\"percent\":50,\"reason\":\"during\"}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(AdminClient.parse(refused.body()).get("type").asString())
          .endsWith("/state-store-unavailable");
      assertThat(percent(replicas.get(1).admin(), "search")).isEqualTo(20.0);

      late = GatewayReplica.start(TOKEN, args());
      replicas.add(late);
      assertThat(mode(late.admin(), "search"))
          .as("the rules file's, Redis being down")
          .isEqualTo("legacy");
      assertThat(late.client().get("/search/q", "X-User-Id", "anyone").statusCode()).isEqualTo(200);

      redis.start();
      GatewayReplica started = late;
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                for (GatewayReplica replica : replicas) {
                  assertThat(stateStore(replica)).isEqualTo("UP");
                }
                assertThat(percent(started.admin(), "search"))
                    .as("the late replica took the shared state")
                    .isEqualTo(20.0);
              });
      assertThat(
              replicas
                  .get(1)
                  .admin()
                  .rollout("search", "{\"mode\":\"canary\",\"percent\":30,\"reason\":\"after\"}")
                  .statusCode())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(2)).until(() -> percent(started.admin(), "search") == 30.0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> replicas.stream().anyMatch(ReplicasIT::planJudge) || planJudge(started));
      assertThat(audit(replicas.get(2).admin(), "search"))
          .extracting(e -> e.get("action").asString())
          .containsExactly("rollout", "state-restored", "rollout");
    } finally {
      loading.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      redis.start();
    }
    assertThat(failures).isEmpty();
    assertThat(answered.get()).isGreaterThan(100);
  }

  static HttpResponse<String> put(
      CountDownLatch start, int replica, String route, int percent, String reason)
      throws InterruptedException {
    start.await();
    return replicas
        .get(replica)
        .admin()
        .rollout(
            route,
            "{\"mode\":\"canary\",\"percent\":" + percent + ",\"reason\":\"" + reason + "\"}");
  }

  static String target(int replica, String path, String user) {
    return replicas
        .get(replica)
        .client()
        .get(path, "X-User-Id", user)
        .headers()
        .firstValue("X-Strangler-Target")
        .orElse("none");
  }

  static double percent(AdminClient admin, String route) {
    return admin.json("/admin/routes/" + route).get("percent").asDouble();
  }

  static String mode(AdminClient admin, String route) {
    return admin.json("/admin/routes/" + route).get("mode").asString();
  }

  static List<JsonNode> audit(AdminClient admin, String route) {
    return StreamSupport.stream(
            admin.json("/admin/audit?route=" + route).get("entries").spliterator(), false)
        .toList();
  }

  static String stateStore(GatewayReplica replica) {
    JsonNode health = AdminClient.parse(replica.management().get("/actuator/health").body());
    return health.get("components").get("stateStore").get("status").asString();
  }

  static boolean planJudge(GatewayReplica replica) {
    JsonNode health = AdminClient.parse(replica.management().get("/actuator/health").body());
    return health.get("components").get("stateStore").get("details").get("planJudge").asBoolean();
  }
}
