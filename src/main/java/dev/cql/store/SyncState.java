package dev.cql.store;

import java.time.Duration;
import java.time.Instant;

/**
 * What a store holds and how fresh it is.
 *
 * @param watermark the start of the last complete sync: every build created or finished before it (and
 *     after {@code coverageFrom}) is in the store; null before the first complete sync
 * @param coverageFrom builds created since this instant are held (the window the syncs keep)
 * @param retentionDays the window kept, in days ({@code cql buildkite sync --days})
 * @param generation counts completed syncs and webhook updates
 */
public record SyncState(
    String organization,
    String apiUrl,
    int retentionDays,
    Instant coverageFrom,
    Instant watermark,
    Instant completedAt,
    long generation,
    long lastRequests,
    String leaseOwner,
    Instant leaseUntil,
    Instant lastAttemptAt,
    String lastError) {

  public boolean complete() {
    return watermark != null;
  }

  /** How old the data of the last complete sync is at {@code now} (from the sync's start); null when none. */
  public Duration age(Instant now) {
    return watermark == null ? null : Duration.between(watermark, now);
  }

  /** "3 min 12 s", "2 h 5 min", "4 days 3 h": for warnings. */
  public static String describe(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    if (s < 86400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86400 + " day" + (s / 86400 == 1 ? "" : "s") + " " + s % 86400 / 3600 + " h";
  }
}
