package dev.cql.buildkite;

import java.net.http.HttpHeaders;
import java.util.OptionalLong;

/**
 * The {@code RateLimit-*} headers of one response (each may be absent: -1). Reset values are seconds until
 * the window resets (a delta, not an epoch).
 */
public record RateLimitStatus(long limit, long remaining, long resetSeconds, long userLimit, long userRemaining, long userResetSeconds) {

  public static final RateLimitStatus UNKNOWN = new RateLimitStatus(-1, -1, -1, -1, -1, -1);

  public static RateLimitStatus of(HttpHeaders h) {
    return new RateLimitStatus(
        num(h, "RateLimit-Limit"), num(h, "RateLimit-Remaining"), num(h, "RateLimit-Reset"),
        num(h, "RateLimit-User-Limit"), num(h, "RateLimit-User-Remaining"), num(h, "RateLimit-User-Reset"));
  }

  /** Whether either window is exhausted. */
  public boolean exhausted() {
    return remaining == 0 || userRemaining == 0;
  }

  /** Seconds until the exhausted window(s) reset; the larger when both are; -1 when unknown. */
  public long secondsUntilAvailable() {
    long wait = -1;
    if (remaining == 0) {
      wait = Math.max(wait, resetSeconds);
    }
    if (userRemaining == 0) {
      wait = Math.max(wait, userResetSeconds);
    }
    return wait;
  }

  private static long num(HttpHeaders h, String name) {
    OptionalLong v = OptionalLong.empty();
    try {
      v = h.firstValue(name).map(String::trim).map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    } catch (NumberFormatException e) {
      // ignore a malformed header
    }
    return v.orElse(-1);
  }
}
