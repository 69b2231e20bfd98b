package dev.strangler.rules;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A time window in which a rollout plan may move forward, such as {@code Mon-Fri 09:00-16:00
 * Europe/Berlin}: days of the week, a local time span and the time zone they are read in.
 *
 * <p>Times are local to the zone, so a window keeps its local hours across daylight saving changes:
 * {@code 09:00 Europe/Berlin} is 08:00 UTC in winter and 07:00 UTC in summer. A local start time
 * that a clock change skips (02:30 on the night clocks go forward) moves forward by the length of
 * the gap, as {@link ZonedDateTime#of(LocalDateTime, ZoneId)} resolves it. A span whose end is
 * before its start runs over midnight into the next day ({@code Fri 22:00-02:00} is open from
 * Friday 22:00 to Saturday 02:00); {@code 24:00} ends a span at midnight.
 *
 * <p>Wire form: days as {@code Mon-Fri}, {@code Mon,Wed,Fri}, {@code Sat-Sun} or {@code
 * Mon-Fri,Sun} (three-letter English names, any case; a range may wrap, {@code Fri-Mon}), a space,
 * {@code HH:MM-HH:MM}, a space, and a zone id as {@link ZoneId#of(String)} reads it ({@code
 * Europe/Berlin}, {@code UTC}).
 *
 * @param text the window as written, stripped
 * @param days the days a span starts on, at least one
 * @param startMinute minute of the day the span starts at, 0..1439
 * @param endMinute minute of the day the span ends at (exclusive), 0..1440, not {@code startMinute}
 * @param zone the time zone the days and times are read in
 */
public record PlanWindow(
    String text, Set<DayOfWeek> days, int startMinute, int endMinute, ZoneId zone) {

  /** What the rules file's error messages expect of a window. */
  public static final String EXPECTATION =
      "days, HH:MM-HH:MM and a time zone, e.g. Mon-Fri 09:00-16:00 Europe/Berlin";

  private static final Pattern SYNTAX =
      Pattern.compile("(\\S+)\\s+(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})\\s+(\\S+)");

  private static final int MINUTES_A_DAY = 24 * 60;

  private static final List<String> DAY_NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /**
   * Copies the days and checks each value.
   *
   * @param text the window as written, stripped
   * @param days the days a span starts on, at least one
   * @param startMinute minute of the day the span starts at, 0..1439
   * @param endMinute minute of the day the span ends at (exclusive), 0..1440, not {@code
   *     startMinute}
   * @param zone the time zone the days and times are read in
   * @throws IllegalArgumentException if there is no day, a minute is out of range, or the span is
   *     empty
   * @throws NullPointerException if an argument is null
   */
  public PlanWindow {
    Objects.requireNonNull(text, "text");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("days: [] (expected: at least one day)");
    }
    days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    Bounds.requireRange("startMinute", startMinute, 0, MINUTES_A_DAY - 1);
    Bounds.requireRange("endMinute", endMinute, 0, MINUTES_A_DAY);
    if (endMinute == startMinute) {
      throw new IllegalArgumentException(
          "window: " + text + " (expected: a span whose end differs from its start)");
    }
    Objects.requireNonNull(zone, "zone");
  }

  /**
   * Parses the wire form of a window.
   *
   * @param text for example {@code Mon-Fri 09:00-16:00 Europe/Berlin}
   * @return the window
   * @throws IllegalArgumentException if {@code text} is not a window; the message says which part
   */
  public static PlanWindow parse(String text) {
    Objects.requireNonNull(text, "text");
    Object parsed = read(text);
    if (parsed instanceof PlanWindow window) {
      return window;
    }
    throw new IllegalArgumentException("window: " + text + " (expected: " + parsed + ")");
  }

  /** The window, or the expectation its text misses (a String). */
  static Object read(String raw) {
    String text = raw.strip();
    Matcher matcher = SYNTAX.matcher(text);
    if (!matcher.matches()) {
      return EXPECTATION;
    }
    Set<DayOfWeek> days = days(matcher.group(1));
    if (days == null) {
      return "days as Mon-Fri, Mon,Wed,Fri or Sat-Sun (three-letter names), in " + EXPECTATION;
    }
    int startHour = Integer.parseInt(matcher.group(2));
    int startMinute = Integer.parseInt(matcher.group(3));
    int endHour = Integer.parseInt(matcher.group(4));
    int endMinute = Integer.parseInt(matcher.group(5));
    boolean endsAtMidnight = endHour == 24 && endMinute == 0;
    if (startHour > 23 || startMinute > 59 || (endHour > 23 && !endsAtMidnight) || endMinute > 59) {
      return "times 00:00..23:59 (an end may be 24:00), in " + EXPECTATION;
    }
    int start = startHour * 60 + startMinute;
    int end = endHour * 60 + endMinute;
    if (start == end) {
      return "a span whose end differs from its start, in " + EXPECTATION;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(matcher.group(6));
    } catch (DateTimeException e) {
      return "a time zone such as Europe/Berlin or UTC, in " + EXPECTATION;
    }
    return new PlanWindow(text, days, start, end, zone);
  }

  private static @Nullable Set<DayOfWeek> days(String text) {
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.split(",", -1)) {
      int dash = part.indexOf('-');
      DayOfWeek first = day(dash < 0 ? part : part.substring(0, dash));
      DayOfWeek last = dash < 0 ? first : day(part.substring(dash + 1));
      if (first == null || last == null) {
        return null;
      }
      for (DayOfWeek day = first; ; day = day.plus(1)) {
        days.add(day);
        if (day == last) {
          break;
        }
      }
    }
    return days;
  }

  private static @Nullable DayOfWeek day(String name) {
    int index = DAY_NAMES.indexOf(name.toLowerCase(Locale.ROOT));
    return index < 0 ? null : DayOfWeek.of(index + 1);
  }

  /**
   * Whether the window is open at an instant.
   *
   * @param instant the instant
   * @return {@code true} if a span of this window contains it (start inclusive, end exclusive)
   */
  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    DayOfWeek day = local.getDayOfWeek();
    int second = local.toLocalTime().toSecondOfDay();
    int start = startMinute * 60;
    int end = endMinute * 60;
    if (start < end) {
      return days.contains(day) && second >= start && second < end;
    }
    return (days.contains(day) && second >= start) || (days.contains(day.minus(1)) && second < end);
  }

  /**
   * Returns the first instant at or after {@code instant} at which the window is open.
   *
   * @param instant the instant
   * @return {@code instant} itself when the window is open then, else the next start of a span;
   *     empty only when no span opens within the next eight days (a span that a clock change
   *     empties on its only day)
   */
  public Optional<Instant> openAtOrAfter(Instant instant) {
    if (contains(instant)) {
      return Optional.of(instant);
    }
    LocalDate date = instant.atZone(zone).toLocalDate().minusDays(1);
    LocalTime start = LocalTime.ofSecondOfDay(startMinute * 60L);
    for (int k = 0; k <= 8; k++, date = date.plusDays(1)) {
      if (!days.contains(date.getDayOfWeek())) {
        continue;
      }
      Instant opens = ZonedDateTime.of(date, start, zone).toInstant();
      if (opens.isAfter(instant) && contains(opens)) {
        return Optional.of(opens);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether any of several windows is open at an instant.
   *
   * @param windows the windows; none means always open
   * @param instant the instant
   * @return {@code true} if {@code windows} is empty or one of them contains {@code instant}
   */
  public static boolean anyOpen(List<PlanWindow> windows, Instant instant) {
    if (windows.isEmpty()) {
      return true;
    }
    for (PlanWindow window : windows) {
      if (window.contains(instant)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the first instant at or after {@code instant} at which one of several windows is open.
   *
   * @param windows the windows; none means always open
   * @param instant the instant
   * @return {@code instant} when {@code windows} is empty or one is open then, else the earliest
   *     next start; empty when none opens within eight days
   */
  public static Optional<Instant> firstOpen(List<PlanWindow> windows, Instant instant) {
    if (anyOpen(windows, instant)) {
      return Optional.of(instant);
    }
    @Nullable Instant first = null;
    for (PlanWindow window : windows) {
      Instant opens = window.openAtOrAfter(instant).orElse(null);
      if (opens != null && (first == null || opens.isBefore(first))) {
        first = opens;
      }
    }
    return Optional.ofNullable(first);
  }

  /**
   * Returns the wire form.
   *
   * @return the window as written
   */
  @Override
  public String toString() {
    return text;
  }
}
