package dev.strangler.gateway.progress;

import dev.strangler.rules.Router;
import dev.strangler.rules.RoutingRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The path shapes of the requests that reach the catch-all, most requested first: the to-do list of
 * the migration, what legacy still serves that no route covers. Paths are folded into templates by
 * {@link PathTemplates}.
 *
 * <p>Design: {@link #record} runs on the request path of every catch-all request, so it does as
 * little as it can. It hashes the path's template in one pass without building it or allocating,
 * looks the hash up in an immutable open-addressing index and adds one to that shape's {@link
 * LongAdder}. Only a shape the index does not know yet goes further: its path is put in a bounded
 * queue ({@value #MAX_PENDING} paths; more are counted as {@link #uncounted()}), and {@link #fold}
 * on a thread of its own, never an event loop, builds the template and publishes a new index.
 *
 * <p>Memory is bounded by {@link #bound()} shapes (default {@value #DEFAULT_BOUND}), each a
 * template and an example path of at most {@value PathTemplates#MAX_PATH_CHARS} characters. When
 * the bound is reached, a new shape takes the place of the least requested one and starts from its
 * count: the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, 2005), which keeps every shape
 * requested more often than {@code total / bound} and overcounts a shape by at most its {@link
 * PathShape#overcount()}.
 */
public final class CatchAllShapes {

  /** Shapes kept by default. */
  public static final int DEFAULT_BOUND = 1000;

  /** Paths of new shapes waiting for {@link #fold}. */
  static final int MAX_PENDING = 1024;

  /** Last seen times are kept to the second, so a shape's time is written once a second at most. */
  private static final long LAST_SEEN_STEP_MILLIS = 1000;

  private final int bound;

  private final Clock clock;

  private volatile Index index = Index.EMPTY;

  private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();

  private final AtomicInteger pendingCount = new AtomicInteger();

  private final LongAdder uncounted = new LongAdder();

  /** The shapes by template hash; guarded by {@code this}. */
  private final Map<Long, Shape> shapes = new HashMap<>();

  /**
   * @param bound shapes kept, at least 1
   * @param clock the clock of the last seen times
   * @throws IllegalArgumentException when {@code bound} is below 1
   */
  public CatchAllShapes(int bound, Clock clock) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound: " + bound + " (expected: at least 1)");
    }
    this.bound = bound;
    this.clock = clock;
  }

  /**
   * Counts one catch-all request. Never blocks; allocates nothing for a known shape.
   *
   * @param path the request path, as sent
   */
  public void record(String path) {
    long hash = PathTemplates.hash(path);
    Shape shape = index.find(hash);
    if (shape != null) {
      shape.hit(clock.millis());
      return;
    }
    if (pendingCount.incrementAndGet() > MAX_PENDING) {
      pendingCount.decrementAndGet();
      uncounted.increment();
      return;
    }
    pending.offer(
        path.length() > PathTemplates.MAX_PATH_CHARS
            ? path.substring(0, PathTemplates.MAX_PATH_CHARS + 1)
            : path);
  }

  /** Adds the shapes waiting in the queue and publishes a new index when the shapes changed. */
  public synchronized void fold() {
    boolean changed = false;
    PriorityQueue<Ranked> leastFirst = null;
    for (String path = pending.poll(); path != null; path = pending.poll()) {
      pendingCount.decrementAndGet();
      long now = clock.millis();
      long hash = PathTemplates.hash(path);
      Shape known = shapes.get(hash);
      if (known != null) {
        known.hit(now);
        continue;
      }
      long overcount = 0;
      if (shapes.size() >= bound) {
        if (leastFirst == null) {
          leastFirst = new PriorityQueue<>(Comparator.comparingLong(Ranked::count));
          for (Shape shape : shapes.values()) {
            leastFirst.add(new Ranked(shape.count(), shape));
          }
        }
        Ranked least = leastFirst.remove();
        shapes.remove(least.shape().hash);
        overcount = least.count();
      }
      Shape added = new Shape(hash, PathTemplates.template(path), path, overcount, now);
      shapes.put(hash, added);
      if (leastFirst != null) {
        leastFirst.add(new Ranked(added.count(), added));
      }
      changed = true;
    }
    if (changed) {
      publish();
    }
  }

  /**
   * Forgets the shapes that the rules now route: a new route took them over. Each shape is checked
   * with its example path as a {@code GET}.
   *
   * @param router the router now in force
   */
  public synchronized void forgetRouted(Router router) {
    fold();
    boolean changed = false;
    for (Iterator<Shape> it = shapes.values().iterator(); it.hasNext(); ) {
      if (router.decide(new ExampleRequest(it.next().example)).route() != null) {
        it.remove();
        changed = true;
      }
    }
    if (changed) {
      publish();
    }
  }

  private void publish() {
    index = Index.of(shapes.values());
  }

  /**
   * Returns the most requested shapes, after folding the new ones.
   *
   * @param limit the most shapes returned
   * @return the most requested shapes, most requested first
   */
  public synchronized List<PathShape> top(int limit) {
    fold();
    List<Ranked> ranked = new ArrayList<>(shapes.size());
    for (Shape shape : shapes.values()) {
      ranked.add(new Ranked(shape.count(), shape));
    }
    ranked.sort(
        Comparator.comparingLong(Ranked::count).reversed().thenComparing(r -> r.shape().template));
    List<PathShape> top = new ArrayList<>(Math.min(limit, ranked.size()));
    for (Ranked r : ranked.subList(0, Math.min(limit, ranked.size()))) {
      Shape shape = r.shape();
      top.add(
          new PathShape(
              shape.template,
              r.count(),
              shape.overcount,
              Instant.ofEpochMilli(shape.lastSeenMillis)));
    }
    return top;
  }

  /** Returns the number of shapes kept now. */
  public synchronized int tracked() {
    fold();
    return shapes.size();
  }

  /** Returns the most shapes kept. */
  public int bound() {
    return bound;
  }

  /**
   * Returns the catch-all requests of new shapes left uncounted because {@value #MAX_PENDING} new
   * shapes were already waiting to be folded.
   */
  public long uncounted() {
    return uncounted.sum();
  }

  private record Ranked(long count, Shape shape) {}

  /** A shape and its count; the count is the one thing request threads write. */
  private static final class Shape {

    final long hash;

    final String template;

    final String example;

    final long overcount;

    final LongAdder hits = new LongAdder();

    volatile long lastSeenMillis;

    Shape(long hash, String template, String example, long overcount, long now) {
      this.hash = hash;
      this.template = template;
      this.example = example;
      this.overcount = overcount;
      this.lastSeenMillis = now;
      hits.increment();
    }

    void hit(long now) {
      hits.increment();
      if (now - lastSeenMillis >= LAST_SEEN_STEP_MILLIS) {
        lastSeenMillis = now;
      }
    }

    long count() {
      return overcount + hits.sum();
    }
  }

  /** An immutable open-addressing table of the shapes by hash, at most half full. */
  private static final class Index {

    static final Index EMPTY = new Index(new long[1], new Shape[1]);

    private final long[] hashes;

    private final @Nullable Shape[] shapes;

    private final int mask;

    private Index(long[] hashes, @Nullable Shape[] shapes) {
      this.hashes = hashes;
      this.shapes = shapes;
      this.mask = hashes.length - 1;
    }

    static Index of(Iterable<Shape> all) {
      int count = 0;
      for (Shape ignored : all) {
        count++;
      }
      int capacity = Integer.highestOneBit(Math.max(2, count) * 2 - 1) << 1;
      long[] hashes = new long[capacity];
      Shape[] shapes = new Shape[capacity];
      int mask = capacity - 1;
      for (Shape shape : all) {
        int i = (int) shape.hash & mask;
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = shape.hash;
        shapes[i] = shape;
      }
      return new Index(hashes, shapes);
    }

    @Nullable Shape find(long hash) {
      int i = (int) hash & mask;
      for (long h = hashes[i]; h != 0; h = hashes[i]) {
        if (h == hash) {
          return shapes[i];
        }
        i = (i + 1) & mask;
      }
      return null;
    }
  }

  /** A shape's example path as a {@code GET} without headers, to ask the router. */
  private record ExampleRequest(String path) implements RoutingRequest {

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public @Nullable String header(String name) {
      return null;
    }

    @Override
    public @Nullable String cookie(String name) {
      return null;
    }

    @Override
    public @Nullable String queryParam(String name) {
      return null;
    }

    @Override
    public @Nullable String remoteAddress() {
      return null;
    }
  }
}
