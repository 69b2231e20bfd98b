package dev.strangler.gateway.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the rules file is: a file on disk (watched for changes) or a {@code classpath:} resource
 * bundled with the gateway (read once).
 *
 * <p>Not final, so that a test can stand in a source that fails as no file does.
 */
class RulesSource {

  private static final String CLASSPATH_PREFIX = "classpath:";

  private static final String FILE_PREFIX = "file:";

  private final String location;

  private final @Nullable Path file;

  RulesSource(String location, @Nullable Path file) {
    this.location = location;
    this.file = file;
  }

  /**
   * Returns the source of the rules at a location.
   *
   * @param location a file path, {@code file:PATH} or {@code classpath:NAME}
   * @return the source
   * @throws IllegalArgumentException when the location is blank
   */
  static RulesSource of(@Nullable String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          "strangler.rules.location: <missing> (expected: the path of the rules file)");
    }
    if (location.startsWith(CLASSPATH_PREFIX)) {
      return new RulesSource(location, null);
    }
    String path =
        location.startsWith(FILE_PREFIX) ? location.substring(FILE_PREFIX.length()) : location;
    return new RulesSource(location, Path.of(path).toAbsolutePath().normalize());
  }

  /** Returns the location as configured. */
  String location() {
    return location;
  }

  /** Returns whether changes of this source are picked up while running. */
  boolean watchable() {
    return file != null;
  }

  /**
   * A cheap fingerprint of the file (modification time and size), to decide whether it must be read
   * again.
   *
   * @return the fingerprint, or an empty string for a classpath resource or a missing file
   */
  String stamp() {
    if (file == null) {
      return "";
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
    } catch (IOException ex) {
      return "";
    }
  }

  /**
   * Reads the whole text.
   *
   * @return the YAML text
   * @throws UncheckedIOException when it cannot be read
   */
  String read() {
    try {
      if (file != null) {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
      String name = location.substring(CLASSPATH_PREFIX.length());
      name = name.startsWith("/") ? name.substring(1) : name;
      ClassLoader loader =
          Objects.requireNonNullElse(
              Thread.currentThread().getContextClassLoader(), RulesSource.class.getClassLoader());
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no classpath resource " + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(
          "cannot read rules file " + location + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public String toString() {
    return location;
  }
}
