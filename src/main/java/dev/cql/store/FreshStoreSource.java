package dev.cql.store;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteException.Reason;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The data commands' view of a store: on first use it opens the store and, when the last complete sync is
 * older than {@code maxStaleness} (or does not cover the window asked for), syncs it from the API first.
 * When that sync fails for a passing reason (network, server, rate limit), the last complete sync answers,
 * with a warning naming its age; with {@code requireFresh}, or when there is no complete sync, or when the
 * failure is one the user must fix (a rejected token, a missing scope, an unknown organization), the failure
 * is the answer. Without a client (a {@code --store} read on its own) nothing is synced; a stale store
 * warns (or, with {@code requireFresh}, fails).
 *
 * <p>The check runs once per instance (one command run), so every entity of a run sees the same data.
 */
public final class FreshStoreSource implements BuildkiteSource, AutoCloseable {

  /** Failures a retry later will not fix: never papered over with old data. */
  private static final Set<Reason> USER_ERRORS = EnumSet.of(Reason.UNAUTHORIZED, Reason.FORBIDDEN, Reason.NOT_FOUND);

  private final StoreLocation location;
  private final BuildkiteClient client;
  private final Duration maxStaleness;
  private final boolean requireFresh;
  private final Instant evalNow;
  private final Consumer<String> warn;
  private final StoreSync.Options syncOptions;
  private final Clock clock;
  private volatile StoreSource ready;
  private BuildStore store;
  private BuildkiteException failed;
  private StoreSync.Result synced;

  /**
   * @param client the API to sync from, or null to read the store as it is
   * @param evalNow the evaluation clock ({@code --now}) or null for the real time: the store must cover the
   *     window before it
   * @param warn receives the staleness warning (once)
   */
  public FreshStoreSource(StoreLocation location, BuildkiteClient client, Duration maxStaleness, boolean requireFresh, Instant evalNow,
      Consumer<String> warn, StoreSync.Options syncOptions, Clock clock) {
    this.location = location;
    this.client = client;
    this.maxStaleness = maxStaleness;
    this.requireFresh = requireFresh;
    this.evalNow = evalNow;
    this.warn = warn;
    this.syncOptions = syncOptions;
    this.clock = clock;
  }

  private StoreSource ready() throws BuildkiteException {
    StoreSource s = ready;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      if (ready != null) {
        return ready;
      }
      if (failed != null) {
        throw new BuildkiteException(failed.reason(), failed.getMessage(), failed);
      }
      try {
        ready = prepare();
        return ready;
      } catch (BuildkiteException e) {
        failed = e;
        throw e;
      }
    }
  }

  private StoreSource prepare() throws BuildkiteException {
    store = BuildStore.open(location);
    Instant now = clock.instant();
    SyncState state = client != null ? store.bind(client.organization(), client.baseUrl().toString(), 30) : store.state();
    if (client == null) {
      if (state == null || !state.complete()) {
        throw new StoreException("the store " + store.describe() + " holds no complete sync yet: run cql buildkite sync (or give --org)");
      }
      Duration age = state.age(now);
      if (age.compareTo(maxStaleness) > 0) {
        String msg = "the store " + store.describe() + " was last synced " + SyncState.describe(age) + " ago (at " + state.watermark()
            + "), longer than --max-staleness " + SyncState.describe(maxStaleness) + "; give --org to sync it";
        if (requireFresh) {
          throw new StoreException(msg + " (--require-fresh)");
        }
        warn.accept("warning: " + msg);
      }
      return new StoreSource(store);
    }
    if (fresh(state, now)) {
      return new StoreSource(store);
    }
    try {
      synced = StoreSync.sync(client, store, null, maxStaleness, syncOptions.now(evalNow));
    } catch (BuildkiteException e) {
      SyncState last = store.state();
      if (requireFresh || e instanceof StoreException || USER_ERRORS.contains(e.reason()) || last == null || !last.complete()
          || !covers(last, now)) {
        throw e;
      }
      warn.accept("warning: syncing " + client.organization() + " failed (" + e.getMessage() + "); answering from the last complete sync of "
          + store.describe() + ", " + SyncState.describe(last.age(now)) + " old (at " + last.watermark() + ")");
    }
    return new StoreSource(store);
  }

  private boolean fresh(SyncState s, Instant now) {
    return s.complete() && s.age(now).compareTo(maxStaleness) <= 0 && covers(s, now);
  }

  /** Whether the store's window reaches back to the evaluation window's start. */
  private boolean covers(SyncState s, Instant now) {
    Instant e = evalNow != null && evalNow.isBefore(now) ? evalNow : now;
    return s.coverageFrom() != null && !s.coverageFrom().isAfter(e.minus(Duration.ofDays(s.retentionDays())));
  }

  /** The sync this source ran, or null (none needed, or it failed). */
  public StoreSync.Result synced() {
    return synced;
  }

  @Override
  public List<Pipeline> pipelines() throws BuildkiteException {
    return ready().pipelines();
  }

  @Override
  public List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) throws BuildkiteException {
    return ready().builds(pipelineSlugs, from, to);
  }

  @Override
  public List<Build> builds(BuildFilter filter) throws BuildkiteException {
    return ready().builds(filter);
  }

  @Override
  public String describe() {
    return "store " + location.describe() + (client == null ? "" : " of " + client.organization());
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
    }
  }
}
