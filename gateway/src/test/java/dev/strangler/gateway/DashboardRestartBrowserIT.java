package dev.strangler.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.strangler.gateway.support.Browser;
import dev.strangler.gateway.support.Ports;
import dev.strangler.gateway.support.RulesFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard in a real browser while its gateway stops and starts again on the same ports: the
 * page says the gateway does not answer, keeps the figures it had and the token, and carries on by
 * itself once the gateway is back; a gateway that came back with another token sends the page to
 * the token form with the reason.
 */
class DashboardRestartBrowserIT {

  static final String TOKEN = "restart-token-for-tests-0001";

  @RegisterExtension
  static WireMockExtension legacy =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension modern =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String RULES =
      """
      legacy: ${legacy}
      routes:
        - id: catalog
          paths: [/api/catalog/**]
          modern: ${modern}
          mode: shadow
      """;

  @Test
  void gatewayRestarts_pageSaysSo_thenCarriesOn_andAskedForTheNewTokenWhenItChanged(
      @TempDir Path dir) {
    legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
    modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("modern")));
    RulesFiles rules = RulesFiles.create(legacy, modern).write(RULES);
    int port = Ports.closed();
    int managementPort = Ports.closed();
    Path state = dir.resolve("strangler-state.json");
    try (Browser browser = Browser.start()) {
      ConfigurableApplicationContext gateway = start(rules, state, port, managementPort, TOKEN);
      try {
        browser.open("http://127.0.0.1:" + managementPort + "/");
        browser.visible("token").sendKeys(TOKEN);
        browser.find("#login-form button[type=submit]").click();
        browser.find("#routes tbody tr[data-route='catalog']");
      } finally {
        gateway.close();
      }

      String alert = browser.waitForText("connection-alert", "did not answer");
      assertThat(alert).contains("trying again every 5 s");
      assertThat(browser.find("#routes tbody tr[data-route='catalog']").isDisplayed()).isTrue();
      browser.screenshot("dashboard-gateway-down");

      gateway = start(rules, state, port, managementPort, TOKEN);
      try {
        browser.waitFor(d -> !d.findElement(By.id("connection-alert")).isDisplayed());
        assertThat(browser.waitForText("updated", "updated")).startsWith("updated");
      } finally {
        gateway.close();
      }

      gateway = start(rules, state, port, managementPort, "another-token-after-restart-0002");
      try {
        assertThat(browser.waitForText("login-error", "refused")).contains("401");
        assertThat(browser.visible("token").isDisplayed()).isTrue();
      } finally {
        gateway.close();
      }
    }
  }

  private static ConfigurableApplicationContext start(
      RulesFiles rules, Path state, int port, int managementPort, String token) {
    return new SpringApplicationBuilder(StranglerApplication.class)
        .run(
            "--server.port=" + port,
            "--management.server.port=" + managementPort,
            "--strangler.rules.location=" + rules.path(),
            "--strangler.state.file=" + state,
            "--strangler.admin.token=" + token);
  }
}
