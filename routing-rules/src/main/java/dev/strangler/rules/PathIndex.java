package dev.strangler.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The routes worth trying for a request path, by the literal segments their patterns start with: a
 * tree of those segments, where each node holds, in file order, every route that a path reaching it
 * may match (its own routes, its ancestors', and the routes with a pattern that starts with a
 * wildcard or a variable, which sit at the root). Walking a path down the tree as far as its
 * segments go gives the candidates without trying the routes of other prefixes, so "first match in
 * file order" holds and a request's cost no longer grows with the routes of other parts of the API.
 * Built once per rules version; a lookup allocates nothing.
 */
final class PathIndex {

  private static final int[] NONE = new int[0];

  private final PathMatcherFactory matchers;

  private final Node root;

  private PathIndex(PathMatcherFactory matchers, Node root) {
    this.matchers = matchers;
    this.root = root;
  }

  /**
   * Indexes routes by the literal prefixes of their patterns.
   *
   * @param routes the routes, in file order
   * @param matchers gives each pattern's literal prefix and each request's path segments
   * @return the index
   */
  static PathIndex of(List<RouteRule> routes, PathMatcherFactory matchers) {
    Builder root = new Builder();
    for (int route = 0; route < routes.size(); route++) {
      for (String pattern : routes.get(route).paths()) {
        Builder node = root;
        for (String segment : matchers.literalPrefix(pattern)) {
          node = node.children.computeIfAbsent(segment, key -> new Builder());
        }
        node.routes.add(route);
      }
    }
    return new PathIndex(matchers, root.build(new TreeSet<>()));
  }

  /**
   * Finds the routes a request's path may match.
   *
   * @param request the request
   * @return the indices of the routes that may match its path, in file order; shared, not to be
   *     changed
   */
  int[] candidates(RoutingRequest request) {
    Node node = root;
    for (int depth = 0; node.children != null; depth++) {
      String segment = matchers.pathSegment(request, depth);
      Node child = segment == null ? null : node.children.get(segment);
      if (child == null) {
        break;
      }
      node = child;
    }
    return node.candidates;
  }

  /** A node of the tree; its array and map are never changed once built. */
  private static final class Node {

    final int[] candidates;

    final @Nullable Map<String, Node> children;

    Node(int[] candidates, @Nullable Map<String, Node> children) {
      this.candidates = candidates;
      this.children = children;
    }
  }

  private static final class Builder {

    private final List<Integer> routes = new ArrayList<>();

    private final Map<String, Builder> children = new HashMap<>();

    Node build(Collection<Integer> inherited) {
      TreeSet<Integer> all = new TreeSet<>(inherited);
      all.addAll(routes);
      int[] candidates = all.isEmpty() ? NONE : all.stream().mapToInt(Integer::intValue).toArray();
      if (children.isEmpty()) {
        return new Node(candidates, null);
      }
      // a HashMap, not Map.copyOf: the immutable map probes linearly, and segments such as
      // service-1 .. service-999 have neighbouring hashes, so its lookups walk long clusters
      Map<String, Node> built = new HashMap<>();
      children.forEach((segment, child) -> built.put(segment, child.build(all)));
      return new Node(candidates, built);
    }
  }
}
