package dev.cql.session;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlLibrary;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.SnapshotSource;
import dev.cql.buildkite.namespace.BuildkiteLibrary;
import dev.cql.buildkite.namespace.BuildkiteNamespace;
import dev.cql.entity.Entity;
import dev.cql.entity.EntityCatalog;
import dev.cql.entity.Linkage;
import dev.cql.entity.PipelineLinker;
import dev.cql.entity.demo.DemoDataset;
import dev.cql.entity.namespace.EntityLibrary;
import dev.cql.eval.Registry;
import dev.cql.lang.Declarations;
import dev.cql.lang.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One data source and one entity catalog, shared by every evaluation of a run: the CLI, the REPL, the
 * scorecard runner and the data-backed conformance cases build their contexts here. Loading is lazy (an
 * expression that touches no data loads none) and the pipeline linker is built once per pipeline list.
 */
public final class DataSession {

  /** The default build window of {@code buildkite.builds()}. */
  public static final Duration DEFAULT_WINDOW = BuildkiteSource.DEFAULT_WINDOW;

  private final Supplier<BuildkiteSource> source;
  private final Supplier<EntityCatalog> catalog;
  private final Duration window;
  private final CqlEngine engine;
  private final Supplier<String> description;
  private volatile Object[] linkerCache; // {List<Pipeline>, PipelineLinker}

  public DataSession(Supplier<BuildkiteSource> source, Supplier<EntityCatalog> catalog, Duration window,
      String description) {
    this(source, catalog, window, () -> description);
  }

  private DataSession(Supplier<BuildkiteSource> source, Supplier<EntityCatalog> catalog, Duration window,
      Supplier<String> description) {
    this.source = memoize(source);
    this.catalog = memoize(catalog);
    this.window = window;
    this.engine = engine(Clock.systemUTC());
    this.description = memoize(description);
  }

  /** An engine with the core built-ins and the entity and buildkite namespaces. */
  public static CqlEngine engine(Clock clock) {
    return CqlEngine.builder().clock(clock).library(CqlLibrary.entity()).library(CqlLibrary.buildkite()).build();
  }

  /**
   * What rules may call: the core built-ins and the entity and buildkite namespaces, as the checker sees
   * them (for tools that read the declarations: completion, help, {@code cql parse}).
   */
  public static Declarations declarations() {
    return Declared.REGISTRY;
  }

  private static final class Declared {
    static final Registry REGISTRY =
        BuildkiteLibrary.install(EntityLibrary.install(Registry.core().toBuilder())).build();
  }

  /** The bundled demo organization, generated relative to {@code now}; {@code onFirstUse} runs when it loads. */
  public static DataSession demo(Instant now, Runnable onFirstUse) {
    Supplier<DemoDataset> demo = memoize(() -> {
      onFirstUse.run();
      return DemoDataset.generate(now);
    });
    return new DataSession(() -> demo.get().source(), () -> demo.get().entities(), DEFAULT_WINDOW,
        "the bundled demo organization (" + DemoDataset.ORGANIZATION + ")");
  }

  /**
   * A snapshot directory (interfaces.md): its pipelines.json and builds.json, and the descriptors in
   * {@code entities} (default: the snapshot's entities/). {@code onProblems} receives catalog problems.
   */
  public static DataSession snapshot(Path dir, Path entities, java.util.function.Consumer<EntityCatalog> onLoad) {
    Path entityDir = entities != null ? entities : dir.resolve("entities");
    SnapshotSource source = new SnapshotSource(dir);
    return new DataSession(() -> source, () -> {
      if (entities == null && !Files.isDirectory(entityDir)) {
        throw new IllegalArgumentException("the snapshot " + dir + " has no entities/ directory: add --entities DIR"
            + " (a directory of entity descriptors), or record the snapshot with --entities DIR");
      }
      return loadCatalog(entityDir, onLoad);
    }, DEFAULT_WINDOW, "snapshot " + dir);
  }

  /** A live (or simulated) organization behind the cache, with descriptors from {@code entities} (may be null). */
  public static DataSession api(BuildkiteSource source, Path entities, java.util.function.Consumer<EntityCatalog> onLoad) {
    return new DataSession(() -> source, () -> entities == null ? EntityCatalog.empty() : loadCatalog(entities, onLoad),
        DEFAULT_WINDOW, source.describe());
  }

  /**
   * A live (or simulated) organization whose source is created when an evaluation first reads data: an
   * expression that reads none (cql eval '1 + 2') creates no HTTP client, cache or TLS context. The
   * description is the source's own, taken when first asked for.
   */
  public static DataSession api(Supplier<BuildkiteSource> source, Path entities,
      java.util.function.Consumer<EntityCatalog> onLoad) {
    Supplier<BuildkiteSource> once = memoize(source);
    return new DataSession(once, () -> entities == null ? EntityCatalog.empty() : loadCatalog(entities, onLoad),
        DEFAULT_WINDOW, () -> once.get().describe());
  }

  /** The demo organization's pipelines and builds with another catalog. */
  public DataSession withCatalog(Path entities, java.util.function.Consumer<EntityCatalog> onLoad) {
    return new DataSession(source, () -> loadCatalog(entities, onLoad), window, description);
  }

  private static EntityCatalog loadCatalog(Path dir, java.util.function.Consumer<EntityCatalog> onLoad) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no entity directory " + dir + " (--entities DIR names a directory of entity descriptors)");
    }
    try {
      EntityCatalog c = EntityCatalog.load(dir);
      onLoad.accept(c);
      return c;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the entities in " + dir + ": " + e.getMessage());
    }
  }

  public CqlEngine engine() {
    return engine;
  }

  public BuildkiteSource source() {
    return source.get();
  }

  public EntityCatalog catalog() {
    return catalog.get();
  }

  public Duration window() {
    return window;
  }

  public String describe() {
    return description.get();
  }

  /** The entity with this tag, or an IllegalArgumentException that suggests the closest tag. */
  public Entity entity(String tag) {
    Optional<Entity> e = catalog().get(tag);
    if (e.isEmpty()) {
      List<String> tags = catalog().tags();
      String hint = Suggest.didYouMean(tag, tags);
      throw new IllegalArgumentException("no entity '" + tag + "' in the catalog" + hint
          + (hint.isEmpty() && tags.size() <= 30 ? " (entities: " + String.join(", ", tags) + ")" : ""));
    }
    return e.get();
  }

  /** Links an entity to the organization's pipelines. */
  public Linkage link(Entity entity) throws BuildkiteException {
    List<Pipeline> pipelines = source().pipelines();
    Object[] cache = linkerCache;
    PipelineLinker linker;
    if (cache != null && cache[0] == pipelines) {
      linker = (PipelineLinker) cache[1];
    } else {
      linker = new PipelineLinker(pipelines);
      linkerCache = new Object[] {pipelines, linker};
    }
    return linker.link(entity);
  }

  /** The {@code buildkite} value for an entity: null when nothing links to it. */
  public BuildkiteNamespace buildkite(Entity entity) throws BuildkiteException {
    Linkage l = link(entity);
    return l.isNull() ? null : new BuildkiteNamespace(l.pipelines(), source(), window, l.warnings());
  }

  /** A context for one entity (or none) at the given clock reading (null: the real time). */
  public Context context(Entity entity, Instant now) {
    return context(entity, now, null);
  }

  /** Work that must precede reading Buildkite data (see {@link CatalogQuery#plan()}). */
  @FunctionalInterface
  public interface BeforeData {
    void run() throws BuildkiteException;
  }

  /**
   * A context for one entity (or none); when {@code beforeData} is not null, the first read of {@code buildkite}
   * runs it first (the fetch plan shared by the entities of a {@link CatalogQuery}).
   */
  public Context context(Entity entity, Instant now, BeforeData beforeData) {
    Context.Builder b = Context.builder();
    if (now != null) {
      b.now(now);
    }
    if (entity == null) {
      String msg = "no entity is selected: choose one with --entity TAG (or :entity TAG in the REPL)";
      b.bindLazy("entity", () -> {
        throw new CqlException(ErrorKind.UNKNOWN_NAME, Span.NONE, msg);
      });
      b.bindLazy(BuildkiteLibrary.NAMESPACE, () -> {
        throw new CqlException(ErrorKind.UNKNOWN_NAME, Span.NONE, msg);
      });
      return b.build();
    }
    b.bind("entity", new dev.cql.entity.namespace.EntityValue(entity));
    b.bindLazy(BuildkiteLibrary.NAMESPACE, () -> {
      try {
        if (beforeData != null) {
          beforeData.run();
        }
        return buildkite(entity);
      } catch (BuildkiteException e) {
        throw BuildkiteNamespace.dataError(e, Span.NONE);
      }
    });
    return b.build();
  }

  static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            if (value == null) {
              value = s.get();
            }
            v = value;
          }
        }
        return v;
      }
    };
  }
}
