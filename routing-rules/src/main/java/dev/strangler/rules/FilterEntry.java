package dev.strangler.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a route's {@code modern-filters} or {@code legacy-filters}, as the rules file gives
 * it, in one of Spring Cloud Gateway's two forms: the shortcut {@code Name=arg1, arg2} (arguments
 * by position, split at every comma and trimmed, as Spring Cloud Gateway does), or a name with
 * arguments by name ({@code {name: RequestSize, args: {maxSize: 1MB}}}).
 *
 * <p>Two entries are equal when they are written alike, so a route whose filters did not change
 * compares equal across reloads.
 *
 * @param name the filter's name: for the shortcut form, the text before the first {@code =} (the
 *     whole text when there is none)
 * @param shortcut the entry as written in the shortcut form, or {@code null} for the named form
 * @param args the arguments by name of the named form, in file order; empty for the shortcut form
 */
public record FilterEntry(String name, @Nullable String shortcut, Map<String, String> args) {

  /** What an entry looks like, for messages. */
  public static final String EXPECTATION =
      "a filter: Name=arg1, arg2 or a mapping of name and args";

  /** The text that opens a Spring expression, which no argument may hold. */
  public static final String EXPRESSION_START = "#{";

  /**
   * Checks the parts.
   *
   * @param name the filter's name
   * @param shortcut the shortcut text, or null for the named form
   * @param args the arguments by name, empty for the shortcut form
   * @throws IllegalArgumentException if the name is blank, or a shortcut comes with named arguments
   * @throws NullPointerException if {@code name}, {@code args} or an argument is null
   */
  public FilterEntry {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: a filter name)");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    Objects.requireNonNull(args, "args")
        .forEach(
            (key, value) ->
                copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key)));
    if (shortcut != null && !copy.isEmpty()) {
      throw new IllegalArgumentException(
          "args: " + copy + " (expected: none with a shortcut; the shortcut holds them)");
    }
    args = Collections.unmodifiableMap(copy);
  }

  /**
   * An entry in the shortcut form.
   *
   * @param text for example {@code StripPrefix=1} or {@code "RewritePath=/a/(?<rest>.*),
   *     /b/${rest}"}
   * @return the entry
   * @throws IllegalArgumentException if the text has no name before its {@code =}
   */
  public static FilterEntry shortcut(String text) {
    int equals = text.indexOf('=');
    return new FilterEntry(equals < 0 ? text : text.substring(0, equals), text, Map.of());
  }

  /**
   * An entry in the named form.
   *
   * @param name the filter's name
   * @param args its arguments by name, in order
   * @return the entry
   */
  public static FilterEntry named(String name, Map<String, String> args) {
    return new FilterEntry(name, null, args);
  }

  /**
   * Whether a name or an argument of this entry holds {@value #EXPRESSION_START}: Spring Cloud
   * Gateway would evaluate such an argument as a Spring expression, and no expression is ever
   * evaluated from the rules file.
   *
   * @return {@code true} if the entry must be refused for it
   */
  public boolean holdsExpression() {
    if (shortcut != null) {
      return shortcut.contains(EXPRESSION_START);
    }
    if (name.contains(EXPRESSION_START)) {
      return true;
    }
    for (Map.Entry<String, String> arg : args.entrySet()) {
      if (arg.getKey().contains(EXPRESSION_START) || arg.getValue().contains(EXPRESSION_START)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the entry as written: the shortcut text, or the name with its arguments.
   *
   * @return for example {@code StripPrefix=1} or {@code RequestSize {maxSize: 1MB}}
   */
  @Override
  public String toString() {
    if (shortcut != null) {
      return shortcut;
    }
    StringBuilder text = new StringBuilder(name).append(" {");
    String separator = "";
    for (Map.Entry<String, String> arg : args.entrySet()) {
      text.append(separator).append(arg.getKey()).append(": ").append(arg.getValue());
      separator = ", ";
    }
    return text.append('}').toString();
  }
}
