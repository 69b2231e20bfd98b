package dev.strangler.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Many users on the 50 % sticky canary route with circuit breaker ({@code /api/canary/**} of the
 * benchmark rules): each arriving user, identified by {@code X-User-Id} from the feeder, reads an
 * item (70 %), lists items (20 %) or posts an order (10 %, a buffered body that could be replayed).
 * Every answer must be a 200 from the side the gateway names in {@code X-Strangler-Target}.
 */
public class CanaryMixSimulation extends Simulation {

  private final ChainBuilder item =
      exec(
          http("canary: item")
              .get("/api/canary/items/#{userId}")
              .check(status().is(200), header("X-Strangler-Target").in("legacy", "modern")));

  private final ChainBuilder list =
      exec(
          http("canary: list")
              .get("/api/canary/items?page=1")
              .check(status().is(200), header("X-Strangler-Route").is("canary")));

  private final ChainBuilder order =
      exec(
          http("canary: order")
              .post("/api/canary/orders")
              .body(StringBody("{\"user\":\"#{userId}\",\"sku\":\"a-1\",\"quantity\":2}"))
              .asJson()
              .check(status().is(200)));

  private final ScenarioBuilder users =
      scenario("canary mix")
          .feed(LoadSettings.users())
          .exec(
              randomSwitch()
                  .on(
                      percent(70.0).then(item),
                      percent(20.0).then(list),
                      percent(10.0).then(order)));

  {
    setUp(
            users.injectOpen(
                rampUsersPerSec(1).to(LoadSettings.RATE).during(LoadSettings.RAMP),
                constantUsersPerSec(LoadSettings.RATE).during(LoadSettings.DURATION)))
        .protocols(LoadSettings.protocol())
        .assertions(global().failedRequests().percent().lt(0.1));
  }
}
