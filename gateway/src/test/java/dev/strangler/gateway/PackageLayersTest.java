package dev.strangler.gateway;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between the gateway's packages, as the README's project layout
 * draws it, checked on the compiled main classes: a package uses only packages on a lower floor
 * (packages on one floor do not use each other), so there is no cycle, and {@code admin}, the
 * outermost layer, is used by none. {@code StranglerApplication}, the entry point, stands above
 * every floor; the rest of the root package ({@code StranglerProperties}) is the lowest floor. Each
 * package wires itself with a configuration of its own, and implements the interfaces it owns.
 */
class PackageLayersTest {

  static final String ROOT = "dev.strangler.gateway";

  static final String APPLICATION = ROOT + ".StranglerApplication";

  /** The gateway's packages floor by floor, the lowest first; "properties" is the root package. */
  static final List<List<String>> FLOORS =
      List.of(
          List.of("properties"),
          List.of("support"),
          List.of("client", "tracing", "demo"),
          List.of("state"),
          List.of("route"),
          List.of("metrics"),
          List.of("shadow", "plan", "progress"),
          List.of("filter"),
          List.of("admin"));

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyPackage_usesOnlyLowerFloors() {
    LayeredArchitecture layers =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("application")
            .definedBy(
                DescribedPredicate.describe(
                    "the application", (JavaClass type) -> type.getName().startsWith(APPLICATION)))
            .layer("properties")
            .definedBy(
                DescribedPredicate.describe(
                    "the root package but the application",
                    (JavaClass type) ->
                        type.getPackageName().equals(ROOT)
                            && !type.getName().startsWith(APPLICATION)));
    for (List<String> floor : FLOORS) {
      for (String name : floor) {
        if (!name.equals("properties")) {
          layers = layers.layer(name).definedBy(ROOT + "." + name + "..");
        }
      }
    }
    layers = layers.whereLayer("application").mayNotBeAccessedByAnyLayer();
    List<String> below = new ArrayList<>();
    for (List<String> floor : FLOORS) {
      for (String name : floor) {
        layers =
            below.isEmpty()
                ? layers.whereLayer(name).mayNotAccessAnyLayer()
                : layers.whereLayer(name).mayOnlyAccessLayers(below.toArray(String[]::new));
      }
      below.addAll(floor);
    }
    layers.whereLayer("admin").mayOnlyBeAccessedByLayers("application").check(CLASSES);
  }

  @Test
  void packages_formNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  /** A package wires itself with its configuration, so that its implementations can be hidden. */
  @Test
  void configurations_areNotPublic() {
    ArchRuleDefinition.classes()
        .that()
        .haveSimpleNameEndingWith("Configuration")
        .should()
        .notBePublic()
        .check(CLASSES);
  }

  @Test
  void interfaces_areImplementedInTheirOwnPackage() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(ROOT + "..")
        .should(implementOnlyInterfacesOfTheirOwnPackage())
        .check(CLASSES);
  }

  /**
   * An interface of the gateway lives with the code that owns the concept, and so do its
   * implementations: a class implementing a gateway interface of another package would be an arrow
   * from the owner's concept to a stranger.
   */
  private static ArchCondition<JavaClass> implementOnlyInterfacesOfTheirOwnPackage() {
    return new ArchCondition<>("implement only the gateway's interfaces of their own package") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaClass implemented : type.getRawInterfaces()) {
          if (implemented.getPackageName().startsWith(ROOT)
              && !implemented.getPackageName().equals(type.getPackageName())) {
            events.add(
                SimpleConditionEvent.violated(
                    type,
                    type.getName()
                        + " implements "
                        + implemented.getName()
                        + " of another package"));
          }
        }
      }
    };
  }
}
