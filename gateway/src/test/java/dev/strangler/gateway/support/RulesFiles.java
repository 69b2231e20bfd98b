package dev.strangler.gateway.support;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes rules files for tests, with {@code ${legacy}} and {@code ${modern}} filled in. */
public final class RulesFiles {

  private final Path file;

  private final WireMockExtension legacy;

  private final WireMockExtension modern;

  private String text = "";

  private RulesFiles(Path file, WireMockExtension legacy, WireMockExtension modern) {
    this.file = file;
    this.legacy = legacy;
    this.modern = modern;
  }

  /**
   * @param legacy the legacy backend
   * @param modern the modern backend
   * @return rules in a new temporary file
   */
  public static RulesFiles create(WireMockExtension legacy, WireMockExtension modern) {
    try {
      Path dir = Files.createTempDirectory("strangler-rules");
      dir.toFile().deleteOnExit();
      return new RulesFiles(dir.resolve("rules.yaml"), legacy, modern);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
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
   * @param yaml the rules, with {@code ${legacy}} and {@code ${modern}} placeholders
   * @return this
   */
  public RulesFiles write(String yaml) {
    String text =
        yaml.replace("${legacy}", legacy.baseUrl()).replace("${modern}", modern.baseUrl());
    try {
      Path tmp = Files.createTempFile(file.getParent(), "rules", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      this.text = text;
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
