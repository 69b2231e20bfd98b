package dev.strangler.rules;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test stand-in for the gateway's factory on Spring Cloud Gateway: it knows a few names, compiles
 * an entry to a {@link Compiled} record of where it was compiled, and remembers every call.
 */
final class TestFilterFactory implements RequestFilterFactory {

  static final List<String> NAMES =
      List.of("StripPrefix", "SetPath", "SetRequestHeader", "RequestSize");

  static final String EXPECTED = "one of " + String.join(", ", NAMES);

  /** What an entry compiles to. */
  record Compiled(FilterSite site, FilterEntry entry) {}

  final List<FilterEntry> compiled = new CopyOnWriteArrayList<>();

  @Override
  public Object compile(FilterSite site, FilterEntry entry) {
    compiled.add(entry);
    if (!NAMES.contains(entry.name())) {
      throw new IllegalArgumentException(EXPECTED);
    }
    return new Compiled(site, entry);
  }
}
