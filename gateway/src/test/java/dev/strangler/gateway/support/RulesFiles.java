package dev.strangler.gateway.support;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes rules files for tests, with placeholders such as {@code ${legacy}} and {@code ${modern}}
 * filled in with the URLs of the backends.
 */
public final class RulesFiles {

  private final Path file;

  private final Map<String, String> urls;

  private String text = "";

  private RulesFiles(Path file, Map<String, String> urls) {
    this.file = file;
    this.urls = Map.copyOf(urls);
  }

  /**
   * @param urls the URL of each backend by name; {@code ${name}} in the rules stands for it
   * @return rules in a new temporary file, empty until written
   */
  public static RulesFiles create(Map<String, String> urls) {
    try {
      Path dir = Files.createTempDirectory("strangler-rules");
      dir.toFile().deleteOnExit();
      return new RulesFiles(dir.resolve("rules.yaml"), urls);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * @param legacy the legacy backend, {@code ${legacy}}
   * @param modern the modern backend, {@code ${modern}}
   * @return rules in a new temporary file, empty until written; a test on {@link GatewayBackends}
   *     gets its files from there
   */
  public static RulesFiles create(WireMockExtension legacy, WireMockExtension modern) {
    return create(
        Map.of(GatewayBackends.LEGACY, legacy.baseUrl(), GatewayBackends.MODERN, modern.baseUrl()));
  }

  /**
   * @return the text last written, placeholders filled in
   */
  public String text() {
    return text;
  }

  /**
   * @return the file's path
   */
  public Path path() {
    return file;
  }

  /**
   * Replaces the file's content atomically, as an operator's deploy would.
   *
   * @param yaml the rules, with placeholders of the backends
   * @return this
   */
  public RulesFiles write(String yaml) {
    String filled = yaml;
    for (Map.Entry<String, String> url : urls.entrySet()) {
      filled = filled.replace("${" + url.getKey() + "}", url.getValue());
    }
    try {
      Path tmp = Files.createTempFile(file.getParent(), "rules", ".tmp");
      Files.writeString(tmp, filled, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      this.text = filled;
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
