package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class WireNameTest {

  @Test
  void wireName_isLowerCaseWithDashes() {
    assertThat(Mode.CANARY.wireName()).isEqualTo("canary");
    assertThat(Target.MODERN.wireName()).isEqualTo("modern");
    assertThat(ReplayUnsafe.CONNECT_FAILURE.wireName()).isEqualTo("connect-failure");
    assertThat(OnFailure.ROLLBACK.wireName()).isEqualTo("rollback");
    assertThat(StickySource.Kind.HEADER.wireName()).isEqualTo("header");
    assertThat(PlanStatus.ROLLED_BACK.wireName()).isEqualTo("rolled-back");
    assertThat(PlanMove.Kind.ADVANCED.wireName()).isEqualTo("advanced");
  }

  @Test
  void parse_roundTripsEveryConstant() {
    for (Mode mode : Mode.values()) {
      assertThat(Mode.parse(mode.wireName())).isEqualTo(mode);
    }
    for (Target target : Target.values()) {
      assertThat(Target.parse(target.wireName())).isEqualTo(target);
    }
    for (ReplayUnsafe replay : ReplayUnsafe.values()) {
      assertThat(ReplayUnsafe.parse(replay.wireName())).isEqualTo(replay);
    }
    for (OnFailure onFailure : OnFailure.values()) {
      assertThat(OnFailure.parse(onFailure.wireName())).isEqualTo(onFailure);
    }
    for (PlanStatus status : PlanStatus.values()) {
      assertThat(PlanStatus.parse(status.wireName())).isEqualTo(status);
    }
    for (PlanMove.Kind kind : PlanMove.Kind.values()) {
      assertThat(PlanMove.Kind.parse(kind.wireName())).isEqualTo(kind);
    }
  }

  @Test
  void parse_ignoresCase() {
    assertThat(Mode.parse("Shadow")).isEqualTo(Mode.SHADOW);
    assertThat(ReplayUnsafe.parse("CONNECT-FAILURE")).isEqualTo(ReplayUnsafe.CONNECT_FAILURE);
  }

  @Test
  void parse_unknown_listsTheAllowedValues() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Mode.parse("blue"))
        .withMessage("mode: blue (expected: one of legacy, shadow, canary, modern)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ReplayUnsafe.parse("connect_failure"))
        .withMessage(
            "replay-unsafe: connect_failure (expected: one of never, connect-failure, always)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OnFailure.parse("retry"))
        .withMessage("on-failure: retry (expected: one of rollback, pause)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Target.parse("both"))
        .withMessage("target: both (expected: one of legacy, modern)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PlanStatus.parse("rolled_back"))
        .withMessage(
            "plan status: rolled_back (expected: one of running, paused, completed, rolled-back)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PlanMove.Kind.parse("skipped"))
        .withMessage(
            "plan move: skipped (expected: one of advanced, completed, failed, held,"
                + " inconclusive, paused, resumed)");
  }

  @Test
  void target_other_isTheOppositeSide() {
    assertThat(Target.LEGACY.other()).isEqualTo(Target.MODERN);
    assertThat(Target.MODERN.other()).isEqualTo(Target.LEGACY);
  }
}
