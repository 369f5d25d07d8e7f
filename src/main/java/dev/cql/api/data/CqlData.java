package dev.cql.api.data;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.entity.Entity;
import dev.cql.session.CatalogQuery;
import dev.cql.session.DataSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Catalog entities and their Buildkite data, for embedders: contexts for one entity, and queries over every
 * entity (Cortex's query builder) that share one fetch plan. Thread-safe; fetched data is cached and shared
 * by every evaluation.
 *
 * <pre>{@code
 * CqlData data = CqlData.snapshot(Path.of("snapshot"));                     // or demo(), or api(org, token)
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
    CachedBuildkiteSource source = new CachedBuildkiteSource(BuildkiteClient.builder(organization, token).build());
    return new CqlData(DataSession.api(source, entities, c -> { }), source);
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

  /** Ends the data source's fetch threads (the live API); the data must not be used afterwards. */
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
