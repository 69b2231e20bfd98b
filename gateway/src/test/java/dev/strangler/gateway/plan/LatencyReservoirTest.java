package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LatencyReservoirTest {

  @Test
  void fewerLatenciesThanSlots_keepsEveryOne() {
    LatencyReservoir reservoir = new LatencyReservoir(100);
    for (int i = 1; i <= 40; i++) {
      reservoir.add(i, new SplittableRandom(1));
    }

    assertThat(reservoir.offered()).isEqualTo(40);
    assertThat(reservoir.snapshot()).hasSize(40).contains(1, 40);
  }

  @Test
  void manyLatencies_keepsTheBound_andAUniformSample() {
    RandomGenerator random = new SplittableRandom(7);
    LatencyReservoir reservoir = new LatencyReservoir(1000);
    for (int i = 0; i < 100_000; i++) {
      reservoir.add(i, random);
    }

    int[] sample = reservoir.snapshot();
    assertThat(reservoir.offered()).isEqualTo(100_000);
    assertThat(sample).hasSize(1000);
    // a uniform sample of 0..99999: about a tenth of it in each tenth of the range
    int[] tenths = new int[10];
    for (int micros : sample) {
      tenths[micros / 10_000]++;
    }
    assertThat(Arrays.stream(tenths).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(60, 140));
  }

  @Test
  void latencyBeyondAnInt_isKeptAsTheLongest() {
    LatencyReservoir reservoir = new LatencyReservoir(2);
    reservoir.add(Long.MAX_VALUE, new SplittableRandom(1));
    reservoir.add(-5, new SplittableRandom(1));

    assertThat(reservoir.snapshot()).containsExactly(Integer.MAX_VALUE, 0);
  }

  @Test
  void writersOnManyThreads_neitherLoseTheCountNorTearASlot() throws InterruptedException {
    LatencyReservoir reservoir = new LatencyReservoir(500);
    int threads = 4;
    int each = 50_000;
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> writers = new ArrayList<>();
    RandomGenerator random =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
          }
        };
    for (int t = 0; t < threads; t++) {
      int value = 1000 * (t + 1);
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  reservoir.add(value, random);
                }
                done.countDown();
              });
      writers.add(writer);
      writer.start();
    }

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(reservoir.offered()).isEqualTo((long) threads * each);
    int[] sample = reservoir.snapshot();
    assertThat(sample).hasSize(500);
    assertThat(Arrays.stream(sample).boxed().toList())
        .allSatisfy(micros -> assertThat(micros).isIn(1000, 2000, 3000, 4000));
  }
}
