package dev.cql.buildkite;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cql.buildkite.BuildkiteException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live API as a {@link BuildkiteSource}: a {@link BuildkiteClient} behind a Caffeine cache that plans
 * fetches so that the requests needed to evaluate any number of rules over any number of entities are
 * bounded by the pages of data, not by rules × entities.
 *
 * <h2>Window keys</h2>
 * A call {@code builds(slugs, from, to)} never fetches exactly {@code [from, to)}. It fetches a coarse
 * <em>window</em>: every build created since a start, with no upper bound (open-ended: "up to the time of
 * the fetch"), and then filters in memory to exactly the slugs and {@code [from, to)}. The start is the
 * earlier of {@code from} and {@code to − minimumSpan} (30 days, CQL's default lookback), floored to the UTC
 * day (configurable). Repeated evaluations whose {@code now} moves by seconds or hours therefore share one
 * window key, 1-, 7- and 30-day lookbacks share one fetch, and any cached window whose start is at or
 * before {@code from} serves the call.
 *
 * <h2>Org-wide versus per-pipeline listing</h2>
 * Buildkite can list builds for the whole organization (one paged list for every pipeline) or for one
 * pipeline. Fetching per pipeline costs at least one request per pipeline, so evaluating a scorecard over
 * 500 pipelines that way costs 500+ requests, against {@code ceil(builds/100)} for the org-wide list. It is
 * cheaper only when a few pipelines are wanted out of a busy organization (e.g. {@code cql entity payments}).
 * The rule: for each window start the source remembers which slugs were asked for; while that set has at
 * most {@link Options#perPipelineThreshold} slugs (default 3) the builds are fetched per pipeline (one
 * cached list per slug); once more are asked for, one org-wide window is fetched and serves every later
 * call for that start (and any later start). The total for a window is thus at most
 * {@code threshold × pages(one pipeline) + pages(org window)}, whatever the number of calls. When a query
 * over many entities announces the pipelines it will read ({@link #expect}) and they are more than the
 * threshold, no pipeline is fetched one by one: the total is {@code pages(org window)}, whatever the order
 * in which the concurrent evaluations arrive. A pipeline
 * that answers 404 (deleted, or hidden from the token's user) is an empty list, as it would be in the
 * org-wide listing.
 *
 * <h2>Cache</h2>
 * One Caffeine {@link AsyncLoadingCache} holds the pipeline list, org windows and pipeline windows, bounded
 * by {@link Options#maxWeight} where an entry weighs its number of builds (or pipelines). Concurrent identical
 * requests are coalesced by the cache: they wait for one fetch. An entry is refreshed after
 * {@link Options#ttl} (default 5 minutes; {@code refreshAfterWrite}): the call that finds it due gets the
 * current value while one reload runs. A reload that fails keeps the old value (it is the reload's result),
 * and the source reports itself stale ({@link #isStale()}, {@link #staleness()}, {@link #describe()}) until
 * a reload succeeds; an entry is dropped {@link Options#maxStale} after it was fetched (variable expiry, by
 * the fetch time, not the last reload). A first fetch that fails is an error (there is nothing stale to
 * serve) and is not cached. Fetches run on a bounded pool of daemon threads; {@link #close()} ends it.
 */
public final class CachedBuildkiteSource implements BuildkiteSource, AutoCloseable {

  /** Settings; every setter returns this. */
  public static final class Options {
    Duration ttl = Duration.ofMinutes(5);
    long maxWeight = 2_000_000;
    int perPipelineThreshold = 3;
    ChronoUnit windowGranularity = ChronoUnit.DAYS;
    Duration minimumSpan = BuildkiteSource.DEFAULT_WINDOW;
    Duration maxStale = Duration.ofHours(24);
    int threads = 8;
    Executor executor;
    Ticker ticker = Ticker.systemTicker();

    public static Options defaults() {
      return new Options();
    }

    public Options ttl(Duration d) {
      this.ttl = Objects.requireNonNull(d);
      return this;
    }

    /** The most builds (plus pipelines) held at once. */
    public Options maxWeight(long w) {
      this.maxWeight = w;
      return this;
    }

    /** Up to this many distinct pipelines per window are fetched one by one; 0 = always org-wide. */
    public Options perPipelineThreshold(int n) {
      this.perPipelineThreshold = n;
      return this;
    }

    /** Window starts are floored to this unit (HOURS or DAYS; default DAYS). */
    public Options windowGranularity(ChronoUnit unit) {
      this.windowGranularity = Objects.requireNonNull(unit);
      return this;
    }

    /**
     * Windows reach back at least this far before {@code to} (or the wall clock when {@code to} is null), so
     * that lookbacks of 1, 7 and 30 days share one window (default 30 days, CQL's default lookback; ZERO
     * fetches exactly from the floored {@code from}).
     */
    public Options minimumSpan(Duration d) {
      this.minimumSpan = Objects.requireNonNull(d);
      return this;
    }

    /**
     * How long data may be served after it was fetched while refreshing it keeps failing (default 24 hours);
     * past that it is dropped, and the next call fetches again or fails.
     */
    public Options maxStale(Duration d) {
      this.maxStale = Objects.requireNonNull(d);
      return this;
    }

    /** Threads fetching (and refreshing) at most at once (default 8). */
    public Options threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      this.threads = n;
      return this;
    }

    /** Runs fetches and reloads on this executor instead of the source's own pool (tests: Runnable::run). */
    public Options executor(Executor e) {
      this.executor = Objects.requireNonNull(e);
      return this;
    }

    /** The clock for TTLs (tests use a fake one). */
    public Options ticker(Ticker t) {
      this.ticker = Objects.requireNonNull(t);
      return this;
    }
  }

  private sealed interface Key permits PipelinesKey, OrgWindow, PipelineWindow {}

  private record PipelinesKey() implements Key {}

  private record OrgWindow(Instant start) implements Key {}

  private record PipelineWindow(String slug, Instant start) implements Key {}

  private record Loaded(Object value, BuildkiteException error, int weight, long loadedAtNanos, Instant loadedAt) {}

  private final BuildkiteClient client;
  private final Options opts;
  private final AsyncLoadingCache<Key, Loaded> cache;
  /** The index of each cached organization window, by the window list's identity (weak: it goes with the list). */
  private final com.github.benmanes.caffeine.cache.Cache<List<Build>, BuildIndex> indexes =
      Caffeine.newBuilder().weakKeys().build();
  private final Map<Key, String> staleNotes = new ConcurrentHashMap<>();
  private final Map<Instant, Set<String>> slugsAsked = new ConcurrentHashMap<>();
  private final Set<String> expected = ConcurrentHashMap.newKeySet();
  /** The source's own pool, or null when {@link Options#executor} gave one. */
  private final ThreadPoolExecutor pool;
  private final AtomicLong fetches = new AtomicLong();

  public CachedBuildkiteSource(BuildkiteClient client) {
    this(client, new Options());
  }

  public CachedBuildkiteSource(BuildkiteClient client, Options opts) {
    this.client = Objects.requireNonNull(client);
    this.opts = Objects.requireNonNull(opts);
    AtomicLong threadIds = new AtomicLong();
    this.pool = opts.executor != null ? null : new ThreadPoolExecutor(opts.threads, opts.threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "buildkite-fetch-" + threadIds.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    if (pool != null) {
      pool.allowCoreThreadTimeOut(true);
    }
    Executor executor = pool != null ? pool : opts.executor;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(opts.maxWeight)
        .weigher((Key k, Loaded v) -> v.weight())
        .refreshAfterWrite(opts.ttl)
        .expireAfter(new Expiry<Key, Loaded>() {
          @Override
          public long expireAfterCreate(Key key, Loaded value, long currentTime) {
            return remaining(value);
          }

          @Override
          public long expireAfterUpdate(Key key, Loaded value, long currentTime, long currentDuration) {
            return remaining(value);
          }

          @Override
          public long expireAfterRead(Key key, Loaded value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(opts.ticker)
        .executor(executor)
        .buildAsync(new AsyncCacheLoader<Key, Loaded>() {
          @Override
          public CompletableFuture<Loaded> asyncLoad(Key key, Executor ex) {
            return CompletableFuture.supplyAsync(() -> fetch(key), ex);
          }

          @Override
          public CompletableFuture<Loaded> asyncReload(Key key, Loaded old, Executor ex) {
            return CompletableFuture.supplyAsync(() -> {
              Loaded fresh = fetch(key);
              if (fresh.error() == null || old.error() != null) {
                return fresh;
              }
              long ageSeconds = (opts.ticker.read() - old.loadedAtNanos()) / 1_000_000_000L;
              staleNotes.put(key, "stale data: " + describe(key) + " fetched " + old.loadedAt() + " (" + ageSeconds / 60
                  + " min " + ageSeconds % 60 + " s ago); refreshing it failed: " + fresh.error().getMessage());
              return old;
            }, ex);
          }
        });
  }

  /** Nanoseconds until an entry fetched at {@code loaded.loadedAtNanos()} has been kept {@code maxStale}. */
  private long remaining(Loaded loaded) {
    return Math.max(0, opts.maxStale.toNanos() - (opts.ticker.read() - loaded.loadedAtNanos()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Pipeline> pipelines() throws BuildkiteException {
    return (List<Pipeline>) get(new PipelinesKey());
  }

  @Override
  public List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) throws BuildkiteException {
    checkOpen();
    Set<String> slugs = new LinkedHashSet<>(pipelineSlugs);
    slugs.remove(null);
    if (slugs.isEmpty() || (from != null && to != null && !from.isBefore(to))) {
      return List.of();
    }
    Instant effectiveFrom = from == null ? Instant.EPOCH : from;
    Instant wide = (to != null ? to : Instant.now()).minus(opts.minimumSpan);
    Instant start = (wide.isBefore(effectiveFrom) ? wide : effectiveFrom).truncatedTo(opts.windowGranularity);

    OrgWindow org = coveringOrgWindow(effectiveFrom);
    if (org == null && !perPipeline(start, slugs)) {
      org = new OrgWindow(start);
    }
    if (org != null) {
      return indexes.get(orgWindow(org), BuildIndex::of).select(slugs, from, to);
    }
    // Every window is asked for first (the loads run concurrently on the fetch threads), then awaited here,
    // on the caller's thread, so that no fetch thread waits for another.
    Map<PipelineWindow, CompletableFuture<Loaded>> parts = new LinkedHashMap<>();
    for (String slug : slugs) {
      PipelineWindow key = coveringPipelineWindow(slug, effectiveFrom);
      PipelineWindow k = key != null ? key : new PipelineWindow(slug, start);
      parts.put(k, cache.get(k));
    }
    List<Build> merged = new ArrayList<>();
    for (Map.Entry<PipelineWindow, CompletableFuture<Loaded>> part : parts.entrySet()) {
      @SuppressWarnings("unchecked")
      List<Build> window = (List<Build>) value(part.getKey(), part.getValue());
      merged.addAll(window);
    }
    return BuildIndex.of(merged).select(slugs, from, to);
  }

  @Override
  public void expect(Collection<String> pipelineSlugs) {
    for (String s : pipelineSlugs) {
      if (s != null) {
        expected.add(s);
      }
    }
  }

  /** Records the slugs asked for this window start; true while there are few enough to fetch one by one. */
  private boolean perPipeline(Instant start, Set<String> slugs) {
    if (opts.perPipelineThreshold <= 0 || slugs.size() > opts.perPipelineThreshold
        || expected.size() > opts.perPipelineThreshold) {
      return false;
    }
    Set<String> asked = slugsAsked.computeIfAbsent(start, s -> new HashSet<>());
    synchronized (asked) {
      asked.addAll(slugs);
      return asked.size() <= opts.perPipelineThreshold;
    }
  }

  private OrgWindow coveringOrgWindow(Instant from) {
    OrgWindow best = null;
    for (Key k : cache.asMap().keySet()) {
      if (k instanceof OrgWindow w && !w.start().isAfter(from) && (best == null || w.start().isAfter(best.start()))) {
        best = w;
      }
    }
    return best;
  }

  private PipelineWindow coveringPipelineWindow(String slug, Instant from) {
    PipelineWindow best = null;
    for (Key k : cache.asMap().keySet()) {
      if (k instanceof PipelineWindow w && w.slug().equals(slug) && !w.start().isAfter(from)
          && (best == null || w.start().isAfter(best.start()))) {
        best = w;
      }
    }
    return best;
  }

  @SuppressWarnings("unchecked")
  private List<Build> orgWindow(OrgWindow key) throws BuildkiteException {
    return (List<Build>) get(key);
  }

  /** The request(s) behind a key: the pipeline list, or one window of builds. */
  private Object request(Key key) throws BuildkiteException {
    if (key instanceof OrgWindow w) {
      return sorted(client.listBuilds(BuildQuery.organization().withCreatedFrom(w.start())));
    }
    if (key instanceof PipelineWindow w) {
      try {
        return sorted(client.listBuilds(BuildQuery.pipeline(w.slug()).withCreatedFrom(w.start())));
      } catch (BuildkiteException e) {
        if (e.reason() == Reason.NOT_FOUND && e.getMessage().startsWith("pipeline '")) {
          return List.of();
        }
        throw e;
      }
    }
    List<Pipeline> ps = new ArrayList<>(client.listPipelines());
    ps.sort(Comparator.comparing(Pipeline::slug, Comparator.nullsLast(Comparator.naturalOrder())));
    return List.copyOf(ps);
  }

  private static List<Build> sorted(List<Build> builds) {
    List<Build> out = new ArrayList<>(builds);
    out.sort(BuildIndex.NEWEST_FIRST);
    return List.copyOf(out);
  }

  // ------------------------------------------------------------------ cache mechanics

  private Object get(Key key) throws BuildkiteException {
    checkOpen();
    return value(key, cache.get(key));
  }

  private volatile boolean closed;

  private void checkOpen() throws BuildkiteException {
    if (closed) {
      throw new BuildkiteException(Reason.OTHER, "the Buildkite source was closed", null);
    }
  }

  /** The value a load gives, or its failure (then not cached). */
  private Object value(Key key, CompletableFuture<Loaded> future) throws BuildkiteException {
    Loaded current = join(future);
    if (current.error() != null) {
      cache.asMap().remove(key, future); // a failed first fetch is not cached
      throw rethrow(current.error());
    }
    return current.value();
  }

  /**
   * One fetch; never throws (Caffeine would log every failed load): a failure is a Loaded with an error,
   * which {@link #get} turns back into the exception.
   */
  private Loaded fetch(Key key) {
    fetches.incrementAndGet();
    try {
      Object v = request(key);
      int weight = v instanceof Collection<?> c ? Math.max(1, c.size()) : 1;
      staleNotes.remove(key);
      return new Loaded(v, null, weight, opts.ticker.read(), Instant.now());
    } catch (BuildkiteException e) {
      return new Loaded(null, e, 1, opts.ticker.read(), Instant.now());
    } catch (RuntimeException e) {
      return new Loaded(null, new BuildkiteException(Reason.OTHER, "fetching Buildkite data failed: " + e, e), 1,
          opts.ticker.read(), Instant.now());
    }
  }

  private static BuildkiteException rethrow(BuildkiteException e) {
    // a fresh exception so the stack shows this caller; reason, message and cause kept
    return new BuildkiteException(e.reason(), e.getMessage(), e);
  }

  private static <T> T join(CompletableFuture<T> f) throws BuildkiteException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildkiteException(Reason.NETWORK, "interrupted while waiting for Buildkite data", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof BuildkiteException be) {
        throw rethrow(be);
      }
      throw new BuildkiteException(Reason.OTHER, "fetching Buildkite data failed: " + c, c);
    }
  }

  private static String describe(Key k) {
    if (k instanceof OrgWindow w) {
      return "builds since " + w.start();
    }
    if (k instanceof PipelineWindow w) {
      return "builds of " + w.slug() + " since " + w.start();
    }
    return "pipeline list";
  }

  // ------------------------------------------------------------------ introspection

  /** Whether some data served was kept after a failed refresh (until a refresh of it succeeds). */
  public boolean isStale() {
    return !staleNotes.isEmpty();
  }

  /** What is stale and why, or empty. */
  public Optional<String> staleness() {
    if (staleNotes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", new TreeMap<>(Map.copyOf(staleNotes).entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))).values()));
  }

  /** Fetches started (each is one or more HTTP requests: the pages of one list). */
  public long fetches() {
    return fetches.get();
  }

  public BuildkiteClient client() {
    return client;
  }

  /** Drops every cached entry (the next calls fetch again). */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
    slugsAsked.clear();
    expected.clear();
    staleNotes.clear();
  }

  @Override
  public String describe() {
    String d = "api " + client.organization() + (client.baseUrl().toString().equals(BuildkiteClient.DEFAULT_BASE_URL) ? "" : " at " + client.baseUrl());
    return isStale() ? d + " (STALE: " + staleness().orElse("") + ")" : d;
  }

  /** Drops the cache and ends the fetch threads; the source must not be used afterwards. */
  @Override
  public void close() {
    closed = true;
    cache.synchronous().invalidateAll();
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "CachedBuildkiteSource[" + describe() + "]";
  }
}
