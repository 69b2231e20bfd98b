package dev.strangler.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A random generator whose bounded draws are scripted, so a test states which bucket or sample a
 * draw yields. Any other use fails, as does running out of script.
 */
final class ScriptedRandom implements RandomGenerator {

  private final Deque<Integer> draws = new ArrayDeque<>();
  private int calls;

  static ScriptedRandom of(int... draws) {
    ScriptedRandom random = new ScriptedRandom();
    for (int draw : draws) {
      random.draws.add(draw);
    }
    return random;
  }

  int calls() {
    return calls;
  }

  @Override
  public int nextInt(int bound) {
    calls++;
    Integer draw = draws.poll();
    if (draw == null) {
      throw new AssertionError("unexpected random draw #" + calls);
    }
    if (draw < 0 || draw >= bound) {
      throw new AssertionError("scripted draw " + draw + " outside 0.." + bound);
    }
    return draw;
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("only nextInt(bound) is scripted");
  }
}
