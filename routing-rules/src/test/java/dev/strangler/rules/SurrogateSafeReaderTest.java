package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SurrogateSafeReaderTest {

  @Test
  void read_neverEndsAChunkBetweenTheHalvesOfAPair() {
    SurrogateSafeReader reader = new SurrogateSafeReader("ab😀c");
    char[] buffer = new char[3];

    assertThat(reader.read(buffer, 0, 3)).isEqualTo(2);
    assertThat(new String(buffer, 0, 2)).isEqualTo("ab");
    assertThat(reader.read(buffer, 0, 3)).isEqualTo(3);
    assertThat(new String(buffer, 0, 3)).isEqualTo("😀c");
    assertThat(reader.read(buffer, 0, 3)).isEqualTo(-1);
  }

  @Test
  void read_aLoneHighSurrogateAtTheEnd_isStillRead() {
    SurrogateSafeReader reader = new SurrogateSafeReader("a\uD800");
    char[] buffer = new char[8];

    assertThat(reader.read(buffer, 0, 1)).isEqualTo(1);
    assertThat(reader.read(buffer, 1, 7)).isEqualTo(1);
    assertThat(buffer[1]).isEqualTo('\uD800');
    assertThat(reader.read(buffer, 0, 8)).isEqualTo(-1);
  }

  @Test
  void read_intoAnOffset_fillsFromThere() {
    SurrogateSafeReader reader = new SurrogateSafeReader("xyz");
    char[] buffer = {'-', '-', '-', '-'};

    assertThat(reader.read(buffer, 1, 3)).isEqualTo(3);
    assertThat(buffer).containsExactly('-', 'x', 'y', 'z');
  }

  @Test
  void read_nothingAsked_readsNothing() {
    SurrogateSafeReader reader = new SurrogateSafeReader("x");

    assertThat(reader.read(new char[1], 0, 0)).isZero();
    assertThat(reader.read(new char[1], 0, 1)).isEqualTo(1);
  }

  @Test
  void close_endsTheText() {
    SurrogateSafeReader reader = new SurrogateSafeReader("xyz");

    reader.close();

    assertThat(reader.read(new char[3], 0, 3)).isEqualTo(-1);
  }
}
