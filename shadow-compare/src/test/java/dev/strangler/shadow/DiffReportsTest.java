package dev.strangler.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DiffReportsTest {

  private final AtomicInteger created = new AtomicInteger();
  private final DiffReports reports =
      DiffReports.of(
          route -> {
            created.incrementAndGet();
            return DiffReport.create(
                route, NoiseThresholds.defaults(), List.of(), 10, 1, Clock.systemUTC());
          });

  @Test
  void forRoute_createsOnFirstUseOnly() {
    DiffReport first = reports.forRoute("orders");

    assertThat(reports.forRoute("orders")).isSameAs(first);
    assertThat(first.routeId()).isEqualTo("orders");
    assertThat(created).hasValue(1);
    assertThat(reports.routeIds()).containsExactly("orders");
  }

  @Test
  void find_unknownRoute_empty_knownRoute_present() {
    assertThat(reports.find("orders")).isEmpty();

    DiffReport report = reports.forRoute("orders");

    assertThat(reports.find("orders")).containsSame(report);
    assertThat(created).hasValue(1);
  }

  @Test
  void remove_dropsReport_nextUseCreatesNewOne() {
    DiffReport first = reports.forRoute("orders");
    first.record("r1", List.of(), null);

    reports.remove("orders");

    assertThat(reports.find("orders")).isEmpty();
    assertThat(reports.forRoute("orders")).isNotSameAs(first);
    assertThat(reports.forRoute("orders").compared()).isZero();
    reports.remove("never-created");
  }

  @Test
  void forRoute_factoryReturnsOtherRoute_rejected() {
    DiffReports wrong =
        DiffReports.of(
            route ->
                DiffReport.create(
                    "other", NoiseThresholds.defaults(), List.of(), 10, 1, Clock.systemUTC()));

    assertThatThrownBy(() -> wrong.forRoute("orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected: a DiffReport of route orders");
    assertThat(wrong.find("orders")).isEmpty();
  }
}
