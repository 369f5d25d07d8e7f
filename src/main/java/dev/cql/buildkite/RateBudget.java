package dev.cql.buildkite;

import dev.cql.buildkite.BuildkiteException.Reason;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces concurrent requests by the rate limit the API reports, so that fetching pages in parallel never
 * provokes a 429 itself.
 *
 * <p>The difficulty: a request's response tells how many requests were left <em>when the server counted
 * it</em>, and requests in flight have not been answered yet. So the budget keeps the lowest
 * {@code RateLimit-Remaining} (and {@code RateLimit-User-Remaining}) seen in the current window, and a
 * request may start only while that number, less the requests in flight, less a reserve left for other
 * clients of the organization, is positive: whatever order the responses come back in, the server has
 * counted at most (seen + in flight). When the budget is spent, callers wait for the window's reset
 * (from {@code RateLimit-Reset}, rounded up, plus a grace second); after a reset nothing is known, so one
 * request goes alone until its response tells the new window's budget. Responses without rate-limit
 * headers lift the pacing (the server does not limit). Thread-safe.
 */
public final class RateBudget {

  private static final long GRACE_NANOS = 1_000_000_000L;
  /** A reset this much later than the current window's is a new window. */
  private static final long NEW_WINDOW_NANOS = 1_500_000_000L;

  private final int reserve;
  private final LongSupplier clock;
  private long known = -1; // lowest remaining seen in the current window; -1 unknown
  private long windowEndNanos;
  private int inFlight;
  private boolean unlimited;
  private long waitedNanos;

  /** @param reserve requests to leave in each window for other clients (at least 0) */
  public RateBudget(int reserve) {
    this(reserve, System::nanoTime);
  }

  RateBudget(int reserve, LongSupplier clock) {
    if (reserve < 0) {
      throw new IllegalArgumentException("reserve must be at least 0");
    }
    this.reserve = reserve;
    this.clock = clock;
  }

  /** Waits until a request may start, and counts it in flight. */
  public synchronized void acquire() throws BuildkiteException {
    long started = clock.getAsLong();
    try {
      while (true) {
        long now = clock.getAsLong();
        if (known >= 0 && now >= windowEndNanos + GRACE_NANOS) {
          known = -1; // the window has reset: its budget is unknown until a response tells
        }
        long waitNanos;
        if (unlimited) {
          break;
        } else if (known < 0) {
          if (inFlight == 0) {
            break; // a probe
          }
          waitNanos = 50_000_000L;
        } else if (known - inFlight > reserve) {
          break;
        } else if (inFlight > 0) {
          waitNanos = 50_000_000L; // answers in flight may tell more
        } else {
          waitNanos = Math.max(1_000_000L, windowEndNanos + GRACE_NANOS - now);
        }
        wait(Math.max(1, waitNanos / 1_000_000L));
      }
      inFlight++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildkiteException(Reason.NETWORK, "interrupted while waiting for the rate limit", e);
    } finally {
      waitedNanos += clock.getAsLong() - started;
    }
  }

  /** A request ended; {@code rl} is what its response said (UNKNOWN when it failed without headers). */
  public synchronized void release(RateLimitStatus rl) {
    inFlight = Math.max(0, inFlight - 1);
    if (rl != null) {
      observe(rl);
    }
    notifyAll();
  }

  private void observe(RateLimitStatus rl) {
    long remaining = min(rl.remaining(), rl.userRemaining());
    long resetSeconds = Math.max(rl.remaining() >= 0 ? rl.resetSeconds() : -1, rl.userRemaining() >= 0 ? rl.userResetSeconds() : -1);
    if (remaining < 0) {
      if (rl.limit() < 0 && rl.userLimit() < 0) {
        unlimited = true; // no rate-limit headers at all
      }
      return;
    }
    unlimited = false;
    long end = clock.getAsLong() + Math.max(0, resetSeconds) * 1_000_000_000L;
    if (known < 0 || end > windowEndNanos + NEW_WINDOW_NANOS) {
      known = remaining; // first answer of a (new) window
      windowEndNanos = end;
    } else {
      known = Math.min(known, remaining);
      windowEndNanos = Math.max(windowEndNanos, end);
    }
  }

  private static long min(long a, long b) {
    if (a < 0) {
      return b;
    }
    if (b < 0) {
      return a;
    }
    return Math.min(a, b);
  }

  /** Time spent waiting for the budget so far. */
  public synchronized Duration waited() {
    return Duration.ofNanos(waitedNanos);
  }

  @Override
  public synchronized String toString() {
    return "RateBudget[known=" + known + ", inFlight=" + inFlight + ", reserve=" + reserve + (unlimited ? ", unlimited" : "") + "]";
  }
}
