package dev.cql.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 0}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT5M}). */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

  private Durations() {}

  static Duration parse(String text, String option) {
    if (text == null) {
      throw new Main.UsageException(option + " needs a duration: e.g. 0s, 90s, 5m, 2h, 1d or PT5M");
    }
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // below
    }
    throw new Main.UsageException(option + " " + text + " is not a duration: use e.g. 0s, 90s, 5m, 2h, 1d or PT5M");
  }
}
