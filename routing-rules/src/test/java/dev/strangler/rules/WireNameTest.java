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
  }

  @Test
  void target_other_isTheOppositeSide() {
    assertThat(Target.LEGACY.other()).isEqualTo(Target.MODERN);
    assertThat(Target.MODERN.other()).isEqualTo(Target.LEGACY);
  }
}
