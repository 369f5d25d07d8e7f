package dev.cql.cli;

import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.entity.CatalogProblem;
import dev.cql.entity.EntityCatalog;
import dev.cql.session.DataSession;
import dev.cql.store.FreshStoreSource;
import dev.cql.store.StoreLocation;
import dev.cql.store.StoreSync;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.function.Consumer;

/** Turns data options into a {@link DataSession}. */
final class Sessions {

  private Sessions() {}

  /** Where environment variables come from (tests replace it; nothing else does). */
  static java.util.function.UnaryOperator<String> env = System::getenv;

  /** Stores opened by this process, closed when it exits. */
  private static final java.util.List<FreshStoreSource> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(FreshStoreSource::close), "cql-store-close"));
  }

  static StoreLocation storeLocation(String value) {
    try {
      return StoreLocation.parse(value);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }

  private static FreshStoreSource storeSource(StoreLocation location, BuildkiteClient client, java.time.Duration maxStaleness,
      DataOptions o, PrintWriter err) {
    StoreSync.Options sync = new StoreSync.Options().progress(o.quiet ? (done, total) -> { } : SyncProgress.forTerminal("sync"));
    FreshStoreSource s = new FreshStoreSource(location, client, maxStaleness, o.requireFresh, o.now(), line -> {
      if (!o.quiet) {
        err.println("cql: " + line);
        err.flush();
      }
    }, sync, java.time.Clock.systemUTC());
    OPEN.add(s);
    return s;
  }

  /** Adjusts the Buildkite client's settings (tests shorten its timeouts; nothing else does). */
  static java.util.function.UnaryOperator<BuildkiteClient.Builder> clientSettings = b -> b;

  static DataSession open(DataOptions o, PrintWriter err) {
    Instant now = o.now() != null ? o.now() : Instant.now();
    String org = o.org != null ? o.org : env.apply("BUILDKITE_ORGANIZATION_SLUG");
    Consumer<EntityCatalog> report = catalog -> {
      for (CatalogProblem p : catalog.problems()) {
        if (o.quiet && !p.isError()) {
          continue;
        }
        err.println("cql: " + p);
      }
      err.flush();
    };
    if (o.entities != null && !Files.isDirectory(o.entities)) {
      throw new Main.UsageException("--entities " + o.entities + " is not a directory");
    }
    java.time.Duration maxStaleness = o.maxStaleness();
    if (o.data != null) {
      if (o.org != null) {
        throw new Main.UsageException("give --data or --org, not both");
      }
      if (o.store != null) {
        throw new Main.UsageException("--data reads a snapshot as it is; to use a store, import it with cql buildkite sync --data DIR --store STORE");
      }
      if (!Files.isRegularFile(o.data.resolve("pipelines.json"))) {
        throw new Main.UsageException("--data " + o.data + " is not a snapshot directory (no pipelines.json)");
      }
      return DataSession.snapshot(o.data, o.entities, report);
    }
    if (org != null) {
      String token = env.apply("BUILDKITE_API_TOKEN");
      if (token == null || token.isBlank()) {
        throw new Main.UsageException("set BUILDKITE_API_TOKEN to an API access token with the read_pipelines and"
            + " read_builds scopes to use --org");
      }
      BuildkiteClient.Builder b;
      try {
        b = BuildkiteClient.builder(org, token);
        if (o.apiUrl != null) {
          b.baseUrl(o.apiUrl);
        }
        b = clientSettings.apply(b);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(e.getMessage());
      }
      BuildkiteClient.Builder settings = b;
      if ("none".equals(o.store)) {
        // the options are checked here (the builder validates them); the client and its cache are made when an
        // evaluation first reads data
        return DataSession.api(() -> new CachedBuildkiteSource(settings.build()), o.entities, report);
      }
      BuildkiteClient client = settings.build(); // cheap: its HTTP client is made at the first request
      StoreLocation location = o.store != null ? storeLocation(o.store)
          : StoreLocation.defaultFor(client.baseUrl().toString(), client.organization(), env);
      // the store is opened (and synced when stale) when an evaluation first reads data
      return DataSession.api(() -> storeSource(location, client, maxStaleness, o, err), o.entities, report);
    }
    if (o.store != null) {
      if (o.apiUrl != null) {
        throw new Main.UsageException("--api-url needs --org (or BUILDKITE_ORGANIZATION_SLUG)");
      }
      StoreLocation location = storeLocation(o.store);
      return DataSession.api(() -> storeSource(location, null, maxStaleness, o, err), o.entities, report);
    }
    if (o.apiUrl != null) {
      throw new Main.UsageException("--api-url needs --org (or BUILDKITE_ORGANIZATION_SLUG)");
    }
    DataSession demo = DataSession.demo(now, () -> {
      if (o.quiet) {
        return;
      }
      err.println("cql: no --data or --org given: using the bundled demo organization (acme-inc)");
      err.flush();
    });
    return o.entities != null ? demo.withCatalog(o.entities, report) : demo;
  }
}
