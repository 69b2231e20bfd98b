package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between the gateway's packages, as the README's project layout
 * draws it: a package uses only packages of a lower layer, so there is no cycle, and {@code admin},
 * the outermost layer, is used by none. Read from the main sources' text: imports and fully
 * qualified names.
 */
class PackageLayersTest {

  static final Path SOURCES = Path.of("src/main/java/dev/strangler/gateway");

  /** The layer of each package, the root package ({@code StranglerProperties}) lowest. */
  static final Map<String, Integer> LAYERS =
      Map.ofEntries(
          Map.entry("", 0),
          Map.entry("support", 1),
          Map.entry("demo", 1),
          Map.entry("client", 1),
          Map.entry("state", 2),
          Map.entry("route", 3),
          Map.entry("metrics", 4),
          Map.entry("tracing", 4),
          Map.entry("shadow", 5),
          Map.entry("plan", 5),
          Map.entry("progress", 5),
          Map.entry("filter", 6),
          Map.entry("admin", 7));

  /** The application's entry point, above every layer: it starts them all. */
  static final String APPLICATION = "StranglerApplication.java";

  static final Pattern REFERENCE = Pattern.compile("dev\\.strangler\\.gateway\\.(([a-z]\\w*)\\.)?");

  @Test
  void everyPackage_hasALayer() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<String> packages =
          files.filter(Files::isDirectory).map(PackageLayersTest::packageOf).toList();
      assertThat(LAYERS.keySet()).containsAll(packages);
    }
  }

  @Test
  void everyPackage_usesOnlyLowerLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String from = packageOf(file.getParent());
        int layer = file.endsWith(APPLICATION) ? Integer.MAX_VALUE : LAYERS.get(from);
        for (String to : references(file)) {
          if (!to.equals(from) && LAYERS.get(to) >= layer) {
            violations.add(SOURCES.relativize(file) + " uses " + nameOf(to));
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  private static TreeSet<String> references(Path file) throws IOException {
    TreeSet<String> packages = new TreeSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("package ")) {
        continue;
      }
      Matcher matcher = REFERENCE.matcher(line);
      while (matcher.find()) {
        packages.add(matcher.group(2) == null ? "" : matcher.group(2));
      }
    }
    return packages;
  }

  private static String packageOf(Path directory) {
    return SOURCES.relativize(directory).toString().replace('/', '.');
  }

  private static String nameOf(String packageName) {
    return packageName.isEmpty() ? "dev.strangler.gateway" : packageName;
  }
}
