package dev.strangler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StranglerApplicationTest {

  private @Nullable String before;

  @BeforeEach
  void keepSetting() {
    before = System.getProperty(StranglerApplication.EVENT_LOOPS_PROPERTY);
  }

  @AfterEach
  void restoreSetting() {
    if (before == null) {
      System.clearProperty(StranglerApplication.EVENT_LOOPS_PROPERTY);
    } else {
      System.setProperty(StranglerApplication.EVENT_LOOPS_PROPERTY, before);
    }
  }

  @Test
  void eventLoops_onePerCpu_byDefault() {
    System.clearProperty(StranglerApplication.EVENT_LOOPS_PROPERTY);

    StranglerApplication.useOneEventLoopPerCpu();

    assertThat(System.getProperty(StranglerApplication.EVENT_LOOPS_PROPERTY))
        .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void eventLoops_theOperatorsSetting_kept() {
    System.setProperty(StranglerApplication.EVENT_LOOPS_PROPERTY, "7");

    StranglerApplication.useOneEventLoopPerCpu();

    assertThat(System.getProperty(StranglerApplication.EVENT_LOOPS_PROPERTY)).isEqualTo("7");
  }
}
