package dev.cql.scorecard;

import java.util.Locale;

/** Helpers the report formats share. */
final class Reports {

  private Reports() {}

  /** {@code 83.3%}, or {@code n/a} when no rule applies. */
  static String percent(Double p) {
    return p == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", p);
  }

  /** A report's clock reading: ISO-8601 UTC at second precision ({@code 2026-11-01T12:00:00Z}). */
  static String timestamp(java.time.Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** A percentage rounded to one decimal for JSON. */
  static Double round(Double p) {
    return p == null ? null : Math.round(p * 10.0) / 10.0;
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
