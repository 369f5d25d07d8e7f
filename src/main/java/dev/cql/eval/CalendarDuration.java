package dev.cql.eval;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A duration with years or months, such as {@code duration("P1Y2M3DT4H")} (Cortex's rules use them). Added to
 * or subtracted from a datetime it uses calendar arithmetic in UTC: the months first (clamped to the end of
 * a shorter month: 2026-01-31 plus a month is 2026-02-28), then the exact part. Compared, summed or averaged
 * with other durations it has its nominal length ({@link #nominal()}): a year is 365.2425 days, a month a
 * twelfth of that. Durations without months or years are plain {@link Duration}s; this class only ever
 * holds a non-zero number of months. Equality is structural ({@code P12M == P1Y}).
 *
 * @param months years × 12 + months, not zero
 * @param exact the days and time, an exact length (a day is 24 hours: UTC has no daylight saving)
 */
public record CalendarDuration(long months, Duration exact) {

  /** The nominal length of a month: 365.2425 days / 12 = 2,629,746 seconds. */
  public static final Duration NOMINAL_MONTH = Duration.ofSeconds(2_629_746);

  public CalendarDuration {
    if (months == 0) {
      throw new IllegalArgumentException("a calendar duration has months; use a Duration");
    }
  }

  /** A duration with these months and exact part: a plain Duration when there are no months. */
  public static Object of(long months, Duration exact) {
    return months == 0 ? exact : new CalendarDuration(months, exact);
  }

  /** The nominal length; ArithmeticException when it does not fit. */
  public Duration nominal() {
    return NOMINAL_MONTH.multipliedBy(months).plus(exact);
  }

  /** The nominal length of any duration value (a Duration or a CalendarDuration). */
  public static Duration nominal(Object duration) {
    return duration instanceof CalendarDuration c ? c.nominal() : (Duration) duration;
  }

  public Instant addTo(Instant t) {
    return t.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant().plus(exact);
  }

  public Instant subtractFrom(Instant t) {
    return t.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant().minus(exact);
  }

  public CalendarDuration negated() {
    return new CalendarDuration(Math.negateExact(months), exact.negated());
  }

  /** ISO-8601: {@code P1Y2M3DT4H}; negative durations have the sign in front ({@code -P1M}). */
  @Override
  public String toString() {
    boolean negative = months < 0 || (months == 0 && exact.isNegative());
    long m = Math.abs(months);
    Duration rest = negative ? exact.negated() : exact;
    if (rest.isNegative()) {
      // mixed signs (P1M minus a day): print the parts as they are, each with its own sign
      return "P" + (months / 12 != 0 ? months / 12 + "Y" : "") + (months % 12 != 0 ? months % 12 + "M" : "")
          + timePart(exact);
    }
    StringBuilder sb = new StringBuilder(negative ? "-P" : "P");
    if (m / 12 != 0) {
      sb.append(m / 12).append('Y');
    }
    if (m % 12 != 0) {
      sb.append(m % 12).append('M');
    }
    sb.append(timePart(rest));
    return sb.toString();
  }

  /** {@code 3DT4H}: whole days, then the time as Duration prints it (without its "PT"); empty for zero. */
  private static String timePart(Duration d) {
    if (d.isZero()) {
      return "";
    }
    long days = d.toDays();
    Duration time = d.minusDays(days);
    String s = days != 0 ? days + "D" : "";
    if (!time.isZero()) {
      s += "T" + time.toString().substring(2);
    }
    return s;
  }
}
