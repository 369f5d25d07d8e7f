package dev.cql.store;

import java.time.Instant;

/**
 * Timestamps as stored: microseconds since the epoch. Buildkite's timestamps have milliseconds, so
 * storing them is exact; bounds of a window are rounded up ({@link #ceil}), so that {@code t >= from} and
 * {@code t < to} on stored values mean the same as on instants. Instants beyond ±292,000 years clamp.
 */
final class Micros {

  private Micros() {}

  static Long of(Instant t) {
    if (t == null) {
      return null;
    }
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The smallest stored value not before {@code t}. */
  static long ceil(Instant t) {
    long m = of(t);
    return t.getNano() % 1_000 != 0 && m != Long.MAX_VALUE ? m + 1 : m;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
