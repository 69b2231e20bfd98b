package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A bad trusted-proxies or path setting stops the gateway at start-up, naming entry and value. */
class SecuritySettingsStartupIT {

  @Test
  void trustedProxies_hostName_stopsTheGateway_namingTheEntry(@TempDir Path dir)
      throws IOException {
    assertThatThrownBy(() -> start(dir, "--strangler.forwarded.trusted-proxies=10.0.0.0/8,ingress"))
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause()
        .hasMessage(
            "strangler.forwarded.trusted-proxies[1]: ingress (expected: an IPv4 or IPv6 address"
                + " or CIDR block, e.g. 10.0.0.0/8 or fd00::/8)");
  }

  @Test
  void trustedProxies_prefixTooLong_stopsTheGateway(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> start(dir, "--strangler.forwarded.trusted-proxies=fd00::/129"))
        .rootCause()
        .hasMessageStartingWith("strangler.forwarded.trusted-proxies[0]: fd00::/129 (expected:");
  }

  @Test
  void allowedParameters_badName_stopsTheGateway(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> start(dir, "--strangler.paths.allowed-parameters=jsessionid=1"))
        .hasStackTraceContaining(
            "strangler.paths.allowed-parameters[0]: jsessionid=1 (expected: a parameter name");
  }

  private static void start(Path dir, String setting) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "legacy: http://127.0.0.1:1\n");
    new SpringApplicationBuilder(StranglerApplication.class)
        .run(
            "--strangler.rules.location=" + file,
            "--server.port=0",
            "--management.server.port=0",
            "--strangler.state.file=" + dir.resolve("state.json"),
            setting)
        .close();
  }
}
