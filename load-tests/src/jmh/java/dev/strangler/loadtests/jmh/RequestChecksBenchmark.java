package dev.strangler.loadtests.jmh;

import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.rules.PathPolicy;
import dev.strangler.rules.PathVerdict;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The checks every request passes before it is routed: {@link PathPolicy#check(String)} of its path
 * and {@link TrustedProxies#trusts} of its peer (run by the request headers filter on every
 * request).
 *
 * <p>{@code plainPath}: a path without percent-encodings, the common case (checked without
 * allocating); {@code encodedPath}: one with a percent-encoded UTF-8 segment (decoded and checked
 * for Unicode shapes); {@code refusedPath}: a dot-segment. {@code noTrustedProxies}: the default
 * setting; {@code trustedProxy}: a peer in the last of three blocks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestChecksBenchmark {

  private final PathPolicy policy = PathPolicy.ofDefaults();

  private final TrustedProxies none = TrustedProxies.none();

  private final TrustedProxies proxies =
      TrustedProxies.of(List.of("192.0.2.0/24", "fd00::/8", "10.0.0.0/8"));

  private final InetSocketAddress peer = new InetSocketAddress("10.1.2.3", 40000);

  private final String plain = "/api/service-42/items/42";

  private final String encoded = "/api/service-42/caf%C3%A9/items";

  private final String refused = "/api/public/%2e%2e/secure/x";

  @Benchmark
  public PathVerdict plainPath() {
    return policy.check(plain);
  }

  @Benchmark
  public PathVerdict encodedPath() {
    return policy.check(encoded);
  }

  @Benchmark
  public PathVerdict refusedPath() {
    return policy.check(refused);
  }

  @Benchmark
  public boolean noTrustedProxies() {
    return none.trusts(peer);
  }

  @Benchmark
  public boolean trustedProxy() {
    return proxies.trusts(peer);
  }
}
