package dev.cql.conformance;

import dev.cql.api.Context;
import dev.cql.session.DataSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cases with data: a snapshot directory ({@code data:}) or, when a case names an entity without data, the
 * bundled demo organization at the case's clock. Sessions are shared by every case that names the same
 * data, so a suite loads each snapshot once.
 */
public final class DataEnvironment implements CaseEnvironment {

  private final Map<Path, DataSession> snapshots = new ConcurrentHashMap<>();
  private final Map<Instant, DataSession> demos = new ConcurrentHashMap<>();
  private final DataSession plain = DataSession.demo(Instant.EPOCH, () -> { });
  private final java.util.function.Function<Path, dev.cql.buildkite.BuildkiteSource> sources;

  /** Snapshots are read as they are ({@link dev.cql.buildkite.SnapshotSource}). */
  public DataEnvironment() {
    this(null);
  }

  /**
   * Snapshots are answered by {@code sources.apply(dir)} (e.g. a build store the snapshot was imported into),
   * with the snapshot's entities.
   */
  public DataEnvironment(java.util.function.Function<Path, dev.cql.buildkite.BuildkiteSource> sources) {
    this.sources = sources;
  }

  @Override
  public Prepared prepare(Path data, String entity, Instant now, Map<String, Object> bindings) {
    DataSession session;
    if (data != null) {
      java.util.function.Consumer<dev.cql.entity.EntityCatalog> check = c -> {
        if (c.hasErrors()) {
          throw new IllegalArgumentException("the entities of data " + data + " have errors: " + c.problems());
        }
      };
      session = snapshots.computeIfAbsent(data.toAbsolutePath().normalize(), d -> sources == null
          ? DataSession.snapshot(d, null, check)
          : DataSession.api(sources.apply(d), d.resolve("entities"), check));
    } else if (entity != null) {
      Instant at = now != null ? now : Instant.now();
      session = demos.computeIfAbsent(at, t -> DataSession.demo(t, () -> { }));
    } else {
      session = plain;
    }
    Context.Builder b = session.context(entity == null ? null : session.entity(entity), now).toBuilder();
    bindings.forEach(b::bind);
    return new Prepared(session.engine(), b.build());
  }
}
