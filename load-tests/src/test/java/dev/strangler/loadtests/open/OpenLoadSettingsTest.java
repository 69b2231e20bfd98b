package dev.strangler.loadtests.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoadSettingsTest {

  @Test
  void parse_readsEverySetting() {
    OpenLoad.Settings settings =
        OpenLoad.Settings.parse(
            "--base=http://127.0.0.1:1",
            "--path=/a/{user}",
            "--path=/b",
            "--rate=250.5",
            "--seconds=7",
            "--warmup=0",
            "--users=3",
            "--headers=20",
            "--connections=8",
            "--max-in-flight=99");

    assertThat(settings)
        .isEqualTo(
            new OpenLoad.Settings(
                "http://127.0.0.1:1", List.of("/a/{user}", "/b"), 250.5, 7, 0, 3, 20, 8, 99));
  }

  @Test
  void parse_withoutPath_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenLoad.Settings.parse("--rate=10"))
        .withMessageContaining("path: none");
  }

  @Test
  void parse_zeroRate_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenLoad.Settings.parse("--path=/", "--rate=0"))
        .withMessageContaining("rate: 0.0 (expected: more than 0)");
  }

  @Test
  void parse_unknownSetting_namesIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenLoad.Settings.parse("--path=/", "--speed=3"))
        .withMessageStartingWith("--speed (expected: base, path, rate");
  }
}
