package dev.cql.api.data;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.entity.Entity;
import dev.cql.session.CatalogQuery;
import dev.cql.session.DataSession;
import dev.cql.store.FreshStoreSource;
import dev.cql.store.StoreLocation;
import dev.cql.store.StoreSync;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Catalog entities and their Buildkite data, for embedders: contexts for one entity, and queries over every
 * entity (Cortex's query builder) that share one fetch plan. Thread-safe; fetched data is cached and shared
 * by every evaluation.
 *
 * <pre>{@code
 * CqlData data = CqlData.snapshot(Path.of("snapshot"));   // or demo(), store(...), api(...), live(...)...open()
 * CqlExpression rule = data.engine().compile("buildkite.builds(states=[\"passed\"]).length >= 1");
 * Value v = rule.evaluate(data.context("payments-api"));                   // one entity
 * for (CqlData.EntityResult r : data.evaluateAll(rule)) { ... }             // every entity, by tag
 * }</pre>
 */
public final class CqlData implements AutoCloseable {

  private final DataSession session;
  private final AutoCloseable closer;

  private CqlData(DataSession session, AutoCloseable closer) {
    this.session = session;
    this.closer = closer;
  }

  /** The bundled demo organization (40 pipelines, 28 entities), generated relative to the clock. */
  public static CqlData demo() {
    return new CqlData(DataSession.demo(Instant.now(), () -> { }), null);
  }

  /** A snapshot directory: its pipelines.json, builds.json and entities/ (interfaces.md). */
  public static CqlData snapshot(Path dir) {
    return snapshot(dir, dir.resolve("entities"));
  }

  /** A snapshot directory with the entity descriptors of another directory. */
  public static CqlData snapshot(Path dir, Path entities) {
    return new CqlData(DataSession.snapshot(dir, entities, c -> { }), null);
  }

  /**
   * The live Buildkite API of an organization, behind a cache, with the descriptors in {@code entities}.
   *
   * @param token an API access token with the read_pipelines and read_builds scopes
   */
  public static CqlData api(String organization, String token, Path entities) {
    return live(organization, token).entities(entities).open();
  }

  /**
   * The live Buildkite API of an organization, configured step by step: where the API is, the entity
   * descriptors, and whether it is read through a build store. {@code open()} contacts nothing: data is
   * fetched (or the store synced) when an evaluation first reads it.
   *
   * @param token an API access token with the read_pipelines and read_builds scopes; never written anywhere
   */
  public static Live live(String organization, String token) {
    return new Live(organization, token);
  }

  /** Settings of {@link #live}. */
  public static final class Live {
    private final String organization;
    private final String token;
    private String apiUrl;
    private Path entities;
    private String store;
    private Duration maxStaleness = Duration.ofMinutes(5);
    private Instant now;

    private Live(String organization, String token) {
      this.organization = organization;
      this.token = token;
    }

    /** Replaces https://api.buildkite.com (plain http only to a loopback address). */
    public Live apiUrl(String url) {
      this.apiUrl = url;
      return this;
    }

    /** The directory of entity descriptors (*.yaml); without it the catalog is empty. */
    public Live entities(Path dir) {
      this.entities = dir;
      return this;
    }

    /**
     * Reads through a build store (see {@link #store(String, Path, Duration)} for the forms {@code store}
     * takes): at the first evaluation that reads data, a store older than {@code maxStaleness} is synced
     * (incrementally when it holds an earlier sync); when that sync fails, the last complete sync answers and
     * a warning naming its age is logged, as {@code cql eval --org ... --store ...} does. Several processes
     * may share one store. Without a store, data is read from the API into an in-memory cache.
     */
    public Live store(String store, Duration maxStaleness) {
      this.store = store;
      this.maxStaleness = maxStaleness;
      return this;
    }

    /**
     * The clock the evaluations will use when it is not the real time (as {@code cql --now}), so that a sync of
     * the store covers the 30 days before it. Default: the real time.
     */
    public Live now(Instant evaluatedAt) {
      this.now = evaluatedAt;
      return this;
    }

    /**
     * The data, ready to evaluate.
     *
     * @throws IllegalArgumentException for a malformed API URL or store, or a missing organization or token
     */
    public CqlData open() {
      BuildkiteClient.Builder b = BuildkiteClient.builder(organization, token);
      if (apiUrl != null) {
        b.baseUrl(apiUrl);
      }
      BuildkiteClient client = b.build();
      if (store == null) {
        CachedBuildkiteSource source = new CachedBuildkiteSource(client);
        return new CqlData(DataSession.api(source, entities, c -> { }), source);
      }
      return throughStore(StoreLocation.parse(store), client, entities, maxStaleness, now);
    }

    @Override
    public String toString() {
      return "CqlData.Live[" + organization + (apiUrl != null ? " at " + apiUrl : "") + (store != null ? ", through a store" : "") + "]";
    }
  }

  /**
   * A build store as its last sync left it, with the descriptors in {@code entities}: nothing is fetched from
   * the API. {@code store} is what the CLI's {@code --store} takes: a SQLite file path, {@code jdbc:sqlite:FILE}, or
   * {@code jdbc:postgresql://HOST[:PORT]/DB[?user=...&password=...]}. A
   * store last synced longer than {@code maxStaleness} ago is still read, and says so once through the
   * {@code dev.cql.store} {@link System.Logger} at WARNING; a store that never completed a sync is a
   * {@code data} error at the first evaluation that reads Buildkite data.
   *
   * @throws IllegalArgumentException when {@code store} names neither a file nor a PostgreSQL URL
   */
  public static CqlData store(String store, Path entities, Duration maxStaleness) {
    return throughStore(StoreLocation.parse(store), null, entities, maxStaleness, null);
  }

  private static void warn(String line) {
    System.getLogger("dev.cql.store").log(System.Logger.Level.WARNING, line);
  }

  private static CqlData throughStore(StoreLocation location, BuildkiteClient client, Path entities, Duration maxStaleness,
      Instant now) {
    LazyStore store = new LazyStore(() -> new FreshStoreSource(location, client, maxStaleness, false, now, CqlData::warn,
        new StoreSync.Options(), Clock.systemUTC()));
    return new CqlData(DataSession.api(store, entities, c -> { }), store);
  }

  /** The store is opened (and synced when stale) when an evaluation first reads data, and closed only if it was. */
  private static final class LazyStore implements Supplier<BuildkiteSource>, AutoCloseable {
    private final Supplier<FreshStoreSource> open;
    private FreshStoreSource source;

    LazyStore(Supplier<FreshStoreSource> open) {
      this.open = open;
    }

    @Override
    public synchronized BuildkiteSource get() {
      if (source == null) {
        source = open.get();
      }
      return source;
    }

    @Override
    public synchronized void close() {
      if (source != null) {
        source.close();
      }
    }
  }

  /** An engine with the core built-ins and the entity and buildkite namespaces. */
  public CqlEngine engine() {
    return session.engine();
  }

  /** The tags of the catalog's entities, sorted. */
  public List<String> entities() {
    return session.catalog().tags();
  }

  /** A context for one entity at the real time; an IllegalArgumentException (with a did-you-mean) for an unknown tag. */
  public Context context(String entity) {
    return context(entity, null);
  }

  /** A context for one entity at a fixed clock reading (null: the real time). */
  public Context context(String entity, Instant now) {
    return session.context(session.entity(entity), now);
  }

  /** One entity's outcome of a query: its value, or the error its evaluation ended with, and its warnings. */
  public record EntityResult(String entity, Value value, CqlException error, List<Warning> warnings) {

    public boolean ok() {
      return error == null;
    }
  }

  /** Evaluates an expression for every entity, concurrently, sharing one fetch plan; results by tag. */
  public List<EntityResult> evaluateAll(CqlExpression expression) {
    return evaluateAll(expression, null);
  }

  /** The same at a fixed clock reading (null: the real time). */
  public List<EntityResult> evaluateAll(CqlExpression expression, Instant now) {
    List<Entity> all = session.catalog().all();
    CatalogQuery.Result r = CatalogQuery.over(session, all).evaluate(expression, now, Map.of(),
        CatalogQuery.defaultThreads(), null);
    List<EntityResult> out = new ArrayList<>(r.rows().size());
    for (CatalogQuery.Row row : r.rows()) {
      out.add(new EntityResult(row.tag(), row.value(), row.error(), row.warnings()));
    }
    return out;
  }

  /** Ends the data source's fetch threads (the live API) and closes its store; the data must not be used afterwards. */
  @Override
  public void close() throws Exception {
    if (closer != null) {
      closer.close();
    }
  }

  @Override
  public String toString() {
    return "CqlData[" + session.describe() + "]";
  }
}
