package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacing rule of concurrent page fetches, on a fake clock. */
class RateBudgetTest {

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  static RateLimitStatus remaining(long remaining, long resetSeconds) {
    return new RateLimitStatus(200, remaining, resetSeconds, -1, -1, -1);
  }

  /** Whether acquire() returns at once (within 300 ms of real time); a waiting acquire is interrupted, so it takes nothing. */
  static boolean acquiresNow(RateBudget b) throws Exception {
    java.util.concurrent.atomic.AtomicBoolean got = new java.util.concurrent.atomic.AtomicBoolean();
    Thread t = new Thread(() -> {
      try {
        b.acquire();
        got.set(true);
      } catch (BuildkiteException e) {
        // interrupted while waiting
      }
    });
    t.start();
    t.join(300);
    if (t.isAlive()) {
      t.interrupt();
      t.join();
    }
    return got.get();
  }

  @Test
  void beforeAnyAnswerOneRequestProbesAlone() throws Exception {
    RateBudget b = new RateBudget(0, nanos::get);
    assertThat(acquiresNow(b)).isTrue();
    assertThat(acquiresNow(b)).isFalse(); // the probe is still in flight
  }

  @Test
  void requestsInFlightCountAgainstTheLowestRemainingSeen() throws Exception {
    RateBudget b = new RateBudget(1, nanos::get);
    b.acquire();
    b.release(remaining(4, 30)); // 4 left: with a reserve of 1, three may be in flight
    assertThat(acquiresNow(b)).isTrue();
    assertThat(acquiresNow(b)).isTrue();
    assertThat(acquiresNow(b)).isTrue();
    assertThat(acquiresNow(b)).isFalse();
    b.release(remaining(3, 29)); // an answer says 3 left while two are in flight: they may take 2, the last is the reserve
    assertThat(acquiresNow(b)).isFalse();
    b.release(remaining(9, 29)); // an answer with more left (counted earlier) does not raise the budget: still 3
    assertThat(acquiresNow(b)).isTrue(); // 3 - 1 in flight > 1
    assertThat(acquiresNow(b)).isFalse(); // 3 - 2 in flight = the reserve
  }

  @Test
  void aSpentWindowWaitsForItsResetThenProbes() throws Exception {
    RateBudget b = new RateBudget(0, nanos::get);
    b.acquire();
    b.release(remaining(0, 10));
    assertThat(acquiresNow(b)).isFalse();
    nanos.addAndGet(11_500_000_000L); // past the reset and its grace second
    assertThat(acquiresNow(b)).isTrue(); // one probe into the new window
    assertThat(acquiresNow(b)).isFalse();
    b.release(remaining(199, 60));
    assertThat(acquiresNow(b)).isTrue();
  }

  @Test
  void noRateLimitHeadersMeansNoPacing() throws Exception {
    RateBudget b = new RateBudget(5, nanos::get);
    b.acquire();
    b.release(RateLimitStatus.UNKNOWN);
    for (int i = 0; i < 20; i++) {
      assertThat(acquiresNow(b)).isTrue();
    }
  }
}
