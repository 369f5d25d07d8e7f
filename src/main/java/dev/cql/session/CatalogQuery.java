package dev.cql.session;

import dev.cql.api.Context;
import dev.cql.api.CqlExpression;
import dev.cql.api.EvaluationResult;
import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.entity.Entity;
import dev.cql.entity.Linkage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A query over every entity of a catalog, as Cortex's query builder runs one: one compiled expression evaluated
 * for each entity, concurrently, each with its own value or error. The entities share one fetch plan
 * ({@link #plan()}): the first of them to read {@code buildkite} fetches the organization's pipeline list
 * once, links every entity, and tells the data source which pipelines all of them will read, so that the
 * Buildkite requests do not grow with the number of entities (nor depend on the order in which the concurrent
 * evaluations arrive). The CLI ({@code cql eval} without {@code --entity}), the REPL (no {@code :entity}) and
 * the scorecard runner use it.
 *
 * <pre>{@code
 * CatalogQuery q = CatalogQuery.over(session, session.catalog().all());
 * CatalogQuery.Result r = q.evaluate(session.engine().compile("buildkite != null"), now, Map.of(), 8, null);
 * r.rows().forEach(row -> System.out.println(row.tag() + " " + (row.ok() ? row.value() : row.error().kind())));
 * }</pre>
 */
public final class CatalogQuery {

  /**
   * Whether the expression reads names that depend on the entity it is evaluated for ({@code entity},
   * {@code buildkite}, {@code custom(...)}, {@code hasGroup(...)}), so that with no entity chosen it is a
   * query over every entity. The declarations say so ({@link CqlExpression#isEntityScoped()}).
   */
  public static boolean readsEntityScope(CqlExpression expression) {
    return expression.isEntityScoped();
  }

  /** One entity's outcome: a value, or the error its evaluation ended with. */
  public record Row(Entity entity, Value value, CqlException error, List<Warning> warnings) {

    public String tag() {
      return entity.tag();
    }

    public boolean ok() {
      return error == null;
    }

    /** Whether the value is {@code true}. */
    public boolean isTrue() {
      return error == null && Boolean.TRUE.equals(value.raw());
    }
  }

  /** Every entity's row, ordered by tag. */
  public record Result(List<Row> rows) {

    public Result {
      rows = List.copyOf(rows);
    }

    /** The entities whose value is true. */
    public long trueCount() {
      return rows.stream().filter(Row::isTrue).count();
    }

    /** Whether every value (errors aside) is a boolean, and there is at least one. */
    public boolean booleans() {
      return rows.stream().anyMatch(Row::ok)
          && rows.stream().filter(Row::ok).allMatch(r -> r.value().raw() instanceof Boolean);
    }

    /** The rows whose error is a data-source failure ({@code data}): the data, not the rule, failed. */
    public List<Row> dataFailures() {
      return rows.stream().filter(r -> !r.ok() && r.error().kind() == ErrorKind.DATA).toList();
    }

    /** Every run-time warning, once each, in entity order. */
    public List<Warning> warnings() {
      Set<String> seen = new HashSet<>();
      List<Warning> out = new ArrayList<>();
      for (Row r : rows) {
        for (Warning w : r.warnings()) {
          if (seen.add(w.message())) {
            out.add(w);
          }
        }
      }
      return out;
    }
  }

  /** Told as each entity completes (from a worker thread). */
  @FunctionalInterface
  public interface Listener<R> {
    void done(R result, int done, int total);
  }

  /** The default number of evaluation threads: min(8, 2 × processors). */
  public static int defaultThreads() {
    return Math.min(8, Runtime.getRuntime().availableProcessors() * 2);
  }

  private final DataSession session;
  private final List<Entity> entities;
  private final CompletableFuture<Void> plan = new CompletableFuture<>();
  private final AtomicInteger planners = new AtomicInteger();

  private CatalogQuery(DataSession session, Collection<Entity> entities) {
    this.session = session;
    List<Entity> sorted = new ArrayList<>(entities);
    sorted.sort(Comparator.comparing(Entity::tag));
    this.entities = List.copyOf(sorted);
  }

  /** A query over these entities of the session's catalog (ordered by tag). */
  public static CatalogQuery over(DataSession session, Collection<Entity> entities) {
    return new CatalogQuery(session, entities);
  }

  /** The entities, ordered by tag. */
  public List<Entity> entities() {
    return entities;
  }

  /**
   * The fetch plan the entities share, run once (later callers wait for it, interruptibly): fetches the
   * pipeline list, links every entity, and announces the union of their pipelines to the data source
   * ({@link dev.cql.buildkite.BuildkiteSource#expect}). A failure is kept: every entity sees the same error,
   * and the data source is asked once, not once per entity.
   */
  public void plan() throws BuildkiteException {
    if (planners.getAndIncrement() == 0) {
      try {
        Set<String> slugs = new LinkedHashSet<>();
        for (Entity e : entities) {
          Linkage l = session.link(e);
          slugs.addAll(l.slugs());
        }
        session.source().expect(slugs);
        plan.complete(null);
      } catch (BuildkiteException | RuntimeException e) {
        plan.completeExceptionally(e);
      }
    }
    try {
      plan.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildkiteException(BuildkiteException.Reason.NETWORK, "interrupted while waiting for Buildkite data", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BuildkiteException be) {
        throw new BuildkiteException(be.reason(), be.getMessage(), be);
      }
      throw (RuntimeException) e.getCause();
    }
  }

  /** The context one entity is evaluated in: the session's, with this query's shared fetch plan. */
  public Context context(Entity entity, Instant now) {
    return session.context(entity, now, this::plan);
  }

  /**
   * Runs {@code task} for every entity on a pool of {@code threads} threads; the results in tag order.
   * Interrupting the calling thread cancels the tasks (their threads are interrupted too) and throws a
   * {@code limit} error saying the evaluation was cancelled.
   */
  public <R> List<R> map(int threads, Function<Entity, R> task, Listener<R> listener) {
    if (entities.isEmpty()) {
      return List.of();
    }
    int size = Math.max(1, Math.min(threads, entities.size()));
    ExecutorService pool = Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, "cql-entity");
      t.setDaemon(true);
      return t;
    });
    try {
      AtomicInteger done = new AtomicInteger();
      List<Future<R>> futures = new ArrayList<>();
      for (Entity e : entities) {
        futures.add(pool.submit(() -> {
          R r = task.apply(e);
          int n = done.incrementAndGet();
          if (listener != null) {
            listener.done(r, n, entities.size());
          }
          return r;
        }));
      }
      List<R> results = new ArrayList<>(entities.size());
      for (Future<R> f : futures) {
        try {
          results.add(f.get());
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new CqlException(ErrorKind.LIMIT, Span.NONE, "the evaluation was cancelled");
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(ex.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Evaluates the expression for every entity.
   *
   * @param now the clock reading every evaluation sees (null: the real time)
   * @param bindings extra root variables (plain Java values), or an empty map
   * @param listener told as each entity's row is ready, or null
   */
  public Result evaluate(CqlExpression expression, Instant now, Map<String, Object> bindings, int threads,
      Listener<Row> listener) {
    List<Row> rows = map(threads, e -> {
      Context.Builder b = context(e, now).toBuilder();
      bindings.forEach(b::bind);
      try {
        EvaluationResult r = expression.evaluateDetailed(b.build());
        return new Row(e, r.value(), null, r.warnings());
      } catch (CqlException ex) {
        return new Row(e, null, ex, List.of());
      }
    }, listener);
    return new Result(rows);
  }
}
