package dev.strangler.gateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * What a gateway integration test stands on, for the whole test class: WireMock servers on loopback
 * for {@code legacy}, {@code modern} and any other side the test names, a rules file with their
 * URLs in place of {@code ${legacy}}, {@code ${modern}} and {@code ${name}}, and Netty's leak
 * detector (paranoid in tests, see the pom) watched: a buffer leaked by any test of the class fails
 * it. Stubs are reset before each test.
 *
 * <pre>{@code
 * @GatewayIT
 * class RoutingIT {
 *   @RegisterExtension
 *   static final GatewayBackends backends = GatewayBackends.withRules(RULES);
 * }
 * }</pre>
 *
 * <p>{@link GatewayIT} points {@code strangler.rules.location} at the rules file.
 */
public final class GatewayBackends
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** The side every test has: the legacy service. */
  public static final String LEGACY = "legacy";

  /** The side every test has: the modern service. */
  public static final String MODERN = "modern";

  private final Map<String, WireMockExtension> servers = new LinkedHashMap<>();

  private final @Nullable String initialRules;

  private @Nullable RulesFiles rules;

  private @Nullable NettyLeaks leaks;

  private GatewayBackends(@Nullable String initialRules) {
    this.initialRules = initialRules;
    and(LEGACY);
    and(MODERN);
  }

  /**
   * @param yaml the rules the gateway starts with
   * @return the backends, with a rules file of those rules
   */
  public static GatewayBackends withRules(String yaml) {
    return new GatewayBackends(yaml);
  }

  /**
   * @return the backends, for a test that writes its own rules files ({@link #newRulesFile})
   */
  public static GatewayBackends withoutRules() {
    return new GatewayBackends(null);
  }

  /**
   * Adds a side, e.g. a second legacy instance.
   *
   * @param name its name, {@code ${name}} in the rules
   * @return this
   */
  public GatewayBackends and(String name) {
    servers.put(
        name, WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build());
    return this;
  }

  /**
   * @return the legacy service
   */
  public WireMockExtension legacy() {
    return backend(LEGACY);
  }

  /**
   * @return the modern service
   */
  public WireMockExtension modern() {
    return backend(MODERN);
  }

  /**
   * @param name a side's name
   * @return that side
   */
  public WireMockExtension backend(String name) {
    return Objects.requireNonNull(servers.get(name), () -> "no backend named " + name);
  }

  /**
   * @return the rules file the gateway started with, to be rewritten by the test
   */
  public RulesFiles rules() {
    return Objects.requireNonNull(rules, "no rules: GatewayBackends.withRules(...) writes them");
  }

  /**
   * @return a new, empty rules file with the same placeholders
   */
  public RulesFiles newRulesFile() {
    Map<String, String> urls = new LinkedHashMap<>();
    servers.forEach((name, server) -> urls.put(name, server.baseUrl()));
    return RulesFiles.create(urls);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    leaks = NettyLeaks.watch();
    for (WireMockExtension server : servers.values()) {
      server.beforeAll(context);
    }
    if (initialRules != null) {
      rules = newRulesFile().write(initialRules);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    for (WireMockExtension server : servers.values()) {
      server.beforeEach(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (WireMockExtension server : servers.values()) {
      server.afterEach(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      for (WireMockExtension server : servers.values()) {
        server.afterAll(context);
      }
    } finally {
      List<String> reports = leaks == null ? List.of() : leaks.collect();
      assertThat(reports).as("Netty buffers leaked by %s", context.getDisplayName()).isEmpty();
    }
  }

  /**
   * Points {@code strangler.rules.location} of a test's application context at the rules file of
   * its {@code static GatewayBackends} field, read when the context starts (after the backends).
   */
  static final class RulesLocation implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
        Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
      for (Field field : testClass.getDeclaredFields()) {
        if (field.getType() == GatewayBackends.class && Modifier.isStatic(field.getModifiers())) {
          return new Customizer(testClass, field);
        }
      }
      return null;
    }

    private record Customizer(Class<?> testClass, Field field) implements ContextCustomizer {

      @Override
      public void customizeContext(
          org.springframework.context.ConfigurableApplicationContext context,
          org.springframework.test.context.MergedContextConfiguration mergedConfig) {
        GatewayBackends backends;
        try {
          field.setAccessible(true);
          backends = (GatewayBackends) Objects.requireNonNull(field.get(null), field.getName());
        } catch (IllegalAccessException ex) {
          throw new IllegalStateException(ex);
        }
        if (backends.rules != null) {
          context
              .getEnvironment()
              .getPropertySources()
              .addFirst(
                  new MapPropertySource(
                      "gatewayBackends",
                      Map.of("strangler.rules.location", backends.rules().path().toString())));
        }
      }
    }
  }
}
