package dev.strangler.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A failing modern side, two ways at once: on {@code /api/failing/**} modern answers 503, on {@code
 * /api/dead-modern/**} nothing listens on modern's port. Both routes send every user to modern;
 * every request must still get legacy's 200, marked with {@code X-Strangler-Fallback} ({@code
 * status} or {@code connect} until the circuit opens, {@code circuit_open} after).
 */
public class FailingModernSimulation extends Simulation {

  private final ScenarioBuilder status503 =
      scenario("modern answers 503")
          .feed(LoadSettings.users())
          .exec(
              http("failing: 503")
                  .get("/api/failing/items/#{userId}")
                  .check(
                      status().is(200),
                      header("X-Strangler-Target").is("legacy"),
                      header("X-Strangler-Fallback").in("status", "circuit_open")));

  private final ScenarioBuilder refused =
      scenario("modern refuses connections")
          .feed(LoadSettings.users())
          .exec(
              http("dead-modern: refused")
                  .get("/api/dead-modern/items/#{userId}")
                  .check(
                      status().is(200),
                      header("X-Strangler-Target").is("legacy"),
                      header("X-Strangler-Fallback").in("connect", "circuit_open")));

  {
    double half = LoadSettings.RATE / 2;
    setUp(
            status503.injectOpen(
                rampUsersPerSec(1).to(half).during(LoadSettings.RAMP),
                constantUsersPerSec(half).during(LoadSettings.DURATION)),
            refused.injectOpen(
                rampUsersPerSec(1).to(half).during(LoadSettings.RAMP),
                constantUsersPerSec(half).during(LoadSettings.DURATION)))
        .protocols(LoadSettings.protocol())
        .assertions(
            global().failedRequests().percent().lt(0.1),
            details("failing: 503").successfulRequests().percent().gt(99.9));
  }
}
