package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plan windows: their syntax, when they are open, and plans held outside them, with a fixed clock
 * across the change to summer time in Berlin (Sunday 2025-03-30, 02:00 CET became 03:00 CEST).
 */
class PlanWindowTest {

  private static final PlanWindow OFFICE = PlanWindow.parse("Mon-Fri 09:00-16:00 Europe/Berlin");

  /** Friday before the clock change, 16:00:01 in Berlin (CET, UTC+1). */
  private static final Instant FRIDAY_AFTER_HOURS = Instant.parse("2025-03-28T15:00:01Z");

  /** Monday after the clock change, 09:00 in Berlin (CEST, UTC+2): 07:00 UTC, not 08:00. */
  private static final Instant MONDAY_OPENING = Instant.parse("2025-03-31T07:00:00Z");

  private final TestClock clock = TestClock.at(FRIDAY_AFTER_HOURS);

  // syntax

  @Test
  void parse_daysTimesAndZone() {
    assertThat(OFFICE.days())
        .containsExactlyElementsOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    assertThat(OFFICE.startMinute()).isEqualTo(9 * 60);
    assertThat(OFFICE.endMinute()).isEqualTo(16 * 60);
    assertThat(OFFICE.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(OFFICE).hasToString("Mon-Fri 09:00-16:00 Europe/Berlin");
    assertThat(PlanWindow.parse(" sat,SUN,Wed 00:00-24:00 UTC ").days())
        .containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY);
    assertThat(PlanWindow.parse("Fri-Mon 10:00-11:00 UTC").days())
        .containsExactlyInAnyOrder(
            DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mon-Fri 09:00-16:00|days, HH:MM-HH:MM and a time zone, e.g. Mon-Fri 09:00-16:00"
            + " Europe/Berlin",
        "Mon-Fry 09:00-16:00 UTC|days as Mon-Fri, Mon,Wed,Fri or Sat-Sun (three-letter names), in"
            + " days, HH:MM-HH:MM and a time zone, e.g. Mon-Fri 09:00-16:00 Europe/Berlin",
        "Mon 25:00-26:00 UTC|times 00:00..23:59 (an end may be 24:00), in days, HH:MM-HH:MM and a"
            + " time zone, e.g. Mon-Fri 09:00-16:00 Europe/Berlin",
        "Mon 09:00-09:00 UTC|a span whose end differs from its start, in days, HH:MM-HH:MM and a"
            + " time zone, e.g. Mon-Fri 09:00-16:00 Europe/Berlin",
        "Mon 09:00-10:00 Mars/Olympus|a time zone such as Europe/Berlin or UTC, in days,"
            + " HH:MM-HH:MM and a time zone, e.g. Mon-Fri 09:00-16:00 Europe/Berlin"
      })
  void parse_malformed_saysWhichPart(String text, String expected) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PlanWindow.parse(text))
        .withMessage("window: " + text + " (expected: " + expected + ")");
  }

  // open or not

  @ParameterizedTest
  @CsvSource({
    // winter, CET = UTC+1
    "2025-03-28T07:59:59Z, false",
    "2025-03-28T08:00:00Z, true",
    "2025-03-28T14:59:59Z, true",
    "2025-03-28T15:00:00Z, false",
    // the weekend of the change
    "2025-03-29T10:00:00Z, false",
    "2025-03-30T10:00:00Z, false",
    // summer, CEST = UTC+2
    "2025-03-31T06:59:59Z, false",
    "2025-03-31T07:00:00Z, true",
    "2025-03-31T13:59:59Z, true",
    "2025-03-31T14:00:00Z, false"
  })
  void contains_followsBerlinLocalTimeAcrossTheChange(Instant instant, boolean open) {
    assertThat(OFFICE.contains(instant)).isEqualTo(open);
  }

  @Test
  void openAtOrAfter_fridayEvening_isMondayNineBerlinInSummerTime() {
    assertThat(OFFICE.openAtOrAfter(FRIDAY_AFTER_HOURS)).contains(MONDAY_OPENING);
    assertThat(OFFICE.openAtOrAfter(MONDAY_OPENING)).contains(MONDAY_OPENING);
  }

  @ParameterizedTest
  @CsvSource({
    // summer, CEST = UTC+2
    "2025-10-24T06:59:59Z, false",
    "2025-10-24T07:00:00Z, true",
    "2025-10-24T13:59:59Z, true",
    "2025-10-24T14:00:00Z, false",
    // clocks go back on Sunday 2025-10-26; winter, CET = UTC+1
    "2025-10-27T07:00:00Z, false",
    "2025-10-27T07:59:59Z, false",
    "2025-10-27T08:00:00Z, true",
    "2025-10-27T14:59:59Z, true",
    "2025-10-27T15:00:00Z, false"
  })
  void contains_followsBerlinLocalTimeAcrossTheAutumnChange(Instant instant, boolean open) {
    assertThat(OFFICE.contains(instant)).isEqualTo(open);
  }

  @Test
  void openAtOrAfter_fridayEveningInOctober_isMondayNineBerlinInWinterTime() {
    assertThat(OFFICE.openAtOrAfter(Instant.parse("2025-10-24T14:00:01Z")))
        .contains(Instant.parse("2025-10-27T08:00:00Z"));
  }

  @Test
  void overnightSpan_runsIntoTheNextDay() {
    PlanWindow night = PlanWindow.parse("Fri 22:00-02:00 UTC");

    assertThat(night.contains(Instant.parse("2025-03-28T23:30:00Z"))).isTrue();
    assertThat(night.contains(Instant.parse("2025-03-29T01:59:59Z"))).isTrue();
    assertThat(night.contains(Instant.parse("2025-03-29T02:00:00Z"))).isFalse();
    assertThat(night.contains(Instant.parse("2025-03-28T01:00:00Z")))
        .as("Friday 01:00 belongs to Thursday's night")
        .isFalse();
  }

  @Test
  void startInTheSkippedHour_movesForwardByTheGap() {
    PlanWindow night = PlanWindow.parse("Sun 02:30-04:00 Europe/Berlin");

    // 02:30 does not exist on 2025-03-30: it opens at 03:30 CEST, 01:30 UTC
    assertThat(night.openAtOrAfter(Instant.parse("2025-03-29T12:00:00Z")))
        .contains(Instant.parse("2025-03-30T01:30:00Z"));
  }

  @Test
  void firstOpen_ofSeveral_isTheEarliest() {
    List<PlanWindow> windows =
        Stream.of("Mon-Fri 09:00-16:00 Europe/Berlin", "Sat 10:00-12:00 America/New_York")
            .map(PlanWindow::parse)
            .toList();

    assertThat(PlanWindow.firstOpen(windows, FRIDAY_AFTER_HOURS))
        .contains(Instant.parse("2025-03-29T14:00:00Z"));
    assertThat(PlanWindow.firstOpen(List.of(), FRIDAY_AFTER_HOURS)).contains(FRIDAY_AFTER_HOURS);
  }

  // plans and windows

  private RolloutPlan plan() {
    return RolloutPlan.of(
        new PlanSettings(
            List.of(Percent.of("5"), Percent.of("50"), Percent.HUNDRED),
            Duration.ofMinutes(10),
            100,
            1,
            1.5,
            1,
            OnFailure.ROLLBACK,
            95,
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            OnInconclusive.PAUSE,
            List.of(OFFICE)),
        clock);
  }

  private static final StepFigures HEALTHY =
      new StepFigures(
          1000,
          0,
          1000,
          0,
          RolloutPlanTest.ramp(200, 50, 150),
          RolloutPlanTest.ramp(200, 50, 150),
          0,
          0);

  @Test
  void stepPassedOutsideEveryWindow_holdsWithTheNextWindowsStart() {
    RolloutPlan plan = plan();
    PlanState state = new PlanState("orders", PlanStatus.RUNNING, 0, FRIDAY_AFTER_HOURS, null);
    clock.set(FRIDAY_AFTER_HOURS.plus(Duration.ofMinutes(30)));

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.gates()).allSatisfy(gate -> assertThat(gate.passed()).isTrue());
    assertThat(move.reason())
        .startsWith("step 1 of 3 (5%) passed every gate (")
        .endsWith(
            "), waiting for a window of the plan: the next window opens at " + MONDAY_OPENING);
    assertThat(plan.waitingForWindow(state)).contains(MONDAY_OPENING);
  }

  @Test
  void stepPassedWhenTheWindowOpens_advances() {
    RolloutPlan plan = plan();
    PlanState state = new PlanState("orders", PlanStatus.RUNNING, 0, FRIDAY_AFTER_HOURS, null);
    clock.set(MONDAY_OPENING);

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.state().stepStartedAt()).isEqualTo(MONDAY_OPENING);
    assertThat(plan.waitingForWindow(move.state())).isEmpty();
  }

  @Test
  void gateFailedOutsideEveryWindow_stillRollsBack() {
    RolloutPlan plan = plan();
    PlanState state = new PlanState("orders", PlanStatus.RUNNING, 1, FRIDAY_AFTER_HOURS, null);
    clock.set(FRIDAY_AFTER_HOURS.plus(Duration.ofMinutes(30)));

    PlanMove move =
        plan.evaluate(
            state,
            new StepFigures(1000, 80, 1000, 1, LatencySamples.NONE, LatencySamples.NONE, 0, 0));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.FAILED);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
  }

  @Test
  void eta_putsEachMoveIntoAWindow_acrossTheChange() {
    RolloutPlan plan = plan();
    PlanState state = new PlanState("orders", PlanStatus.RUNNING, 0, FRIDAY_AFTER_HOURS, null);

    // step 1 ends Friday after hours: moves Monday 09:00 CEST; steps 2 and 3 take 10 min each
    assertThat(plan.eta(state)).contains(MONDAY_OPENING.plus(Duration.ofMinutes(20)));
  }

  @Test
  void waitingForWindow_insideAWindowOrNotRunning_isEmpty() {
    RolloutPlan plan = plan();
    clock.set(MONDAY_OPENING.plusSeconds(60));

    assertThat(
            plan.waitingForWindow(
                new PlanState("orders", PlanStatus.RUNNING, 0, MONDAY_OPENING, null)))
        .isEmpty();
    clock.set(FRIDAY_AFTER_HOURS);
    assertThat(
            plan.waitingForWindow(
                new PlanState(
                    "orders", PlanStatus.PAUSED, 0, FRIDAY_AFTER_HOURS, FRIDAY_AFTER_HOURS)))
        .isEmpty();
  }
}
