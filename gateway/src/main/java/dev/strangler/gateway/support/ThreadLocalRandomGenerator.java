package dev.strangler.gateway.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A thread-safe, contention-free {@link RandomGenerator} for the request path: every call goes to
 * the calling thread's {@link ThreadLocalRandom}. Tests inject a seeded generator instead; the
 * router benchmark of {@code load-tests} uses this one, as the gateway does.
 */
public final class ThreadLocalRandomGenerator implements RandomGenerator {

  @Override
  public long nextLong() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public int nextInt(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  @Override
  public double nextDouble() {
    return ThreadLocalRandom.current().nextDouble();
  }
}
