package dev.strangler.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The 100 % shadow route ({@code /api/shadow/**}): legacy answers every request and modern gets a
 * copy of each. With {@code -Dshadow.route=dead-shadow} the copies go to a port where nothing
 * listens, which must not change the answers.
 */
public class ShadowSimulation extends Simulation {

  private static final String ROUTE = System.getProperty("shadow.route", "shadow");

  private final ScenarioBuilder users =
      scenario("shadow " + ROUTE)
          .feed(LoadSettings.users())
          .exec(
              http(ROUTE + ": item")
                  .get("/api/" + ROUTE + "/items/#{userId}")
                  .check(
                      status().is(200),
                      header("X-Strangler-Target").is("legacy"),
                      header("X-Strangler-Route").is(ROUTE)));

  {
    setUp(
            users.injectOpen(
                rampUsersPerSec(1).to(LoadSettings.RATE).during(LoadSettings.RAMP),
                constantUsersPerSec(LoadSettings.RATE).during(LoadSettings.DURATION)))
        .protocols(LoadSettings.protocol())
        .assertions(global().failedRequests().percent().lt(0.1));
  }
}
