package dev.cql.eval;

import dev.cql.api.error.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Datetime and duration texts, and duration arithmetic on datetimes: one definition used by
 * {@code datetime()}, {@code duration()} and the criteria that take either a value or its text
 * ({@code created_from}, {@code created_to}, {@code lookback}).
 */
public final class Temporals {

  private Temporals() {}

  /** The datetime a duration (a {@link Duration} or a {@link CalendarDuration}) before {@code t}. */
  public static Instant minus(Instant t, Object duration) {
    return duration instanceof CalendarDuration c ? c.subtractFrom(t) : t.minus((Duration) duration);
  }

  /** An ISO-8601 datetime with an offset, or a date alone (midnight UTC); a type error otherwise. */
  public static Instant parseDatetime(String s, Span span) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw Errors.type(span, "'" + s + "' is not an ISO-8601 datetime such as \"2026-01-01T00:00:00Z\"");
        }
      }
    }
  }

  private static final java.util.regex.Pattern WEEKS = java.util.regex.Pattern.compile("([-+]?)P(\\d+)W");

  /** ISO-8601 with years or months: {@code P1Y2M3DT4H}, {@code -P1M}, {@code P1Y2W}. */
  private static final java.util.regex.Pattern CALENDAR = java.util.regex.Pattern.compile(
      "([-+]?)P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:[.,]\\d{1,9})?)S)?)?");

  /**
   * A duration: a {@link Duration} for days and time ({@code P7D}, {@code PT36H}, weeks {@code P2W}), a
   * {@link CalendarDuration} when it has years or months ({@code P1Y2M3DT4H}).
   */
  public static Object parseDuration(String s, Span span) {
    String upper = s.toUpperCase(Locale.ROOT);
    Matcher w = WEEKS.matcher(upper);
    try {
      if (w.matches()) {
        Duration d = Duration.ofDays(Math.multiplyExact(Long.parseLong(w.group(2)), 7));
        return w.group(1).equals("-") ? d.negated() : d;
      }
      Matcher c = CALENDAR.matcher(upper);
      if (c.matches() && (c.group(2) != null || c.group(3) != null)) {
        return calendar(c);
      }
      return Duration.parse(s);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw Errors.type(span, "'" + s + "' is not an ISO-8601 duration such as \"P7D\", \"PT12H\" or \"P1M\"");
    }
  }

  private static Object calendar(Matcher c) {
    if (upperEndsWithT(c)) {
      throw new NumberFormatException("a T with no time after it");
    }
    long months = Math.addExact(Math.multiplyExact(number(c.group(2)), 12), number(c.group(3)));
    Duration exact = Duration.ofDays(Math.addExact(Math.multiplyExact(number(c.group(4)), 7), number(c.group(5))))
        .plusHours(number(c.group(6))).plusMinutes(number(c.group(7)));
    if (c.group(8) != null) {
      exact = exact.plus(Duration.parse("PT" + c.group(8).replace(',', '.') + "S"));
    }
    boolean negative = c.group(1).equals("-");
    return CalendarDuration.of(negative ? Math.negateExact(months) : months, negative ? exact.negated() : exact);
  }

  private static boolean upperEndsWithT(Matcher c) {
    String text = c.group();
    return text.endsWith("T");
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
