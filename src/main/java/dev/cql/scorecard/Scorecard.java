package dev.cql.scorecard;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.EvaluationResult;
import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.entity.Entity;
import dev.cql.eval.Values;
import dev.cql.session.CatalogQuery;
import dev.cql.session.DataSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scorecard (Cortex's scorecard YAML): rules with CQL expressions, weights and levels, and filters. Loading
 * compiles every expression, so a file with a bad rule is refused before any data is fetched. Immutable and
 * thread-safe; {@link #evaluate} may be called many times.
 *
 * <pre>{@code
 * DataSession session = DataSession.demo(now, () -> {});
 * Scorecard card = Scorecard.load(Path.of("examples/production-readiness.yaml"), session.engine());
 * ScorecardResult result = card.evaluate(session, session.catalog().all(), now);
 * result.entities().forEach(e -> System.out.println(e.tag() + " " + e.levelName() + " " + e.percentage()));
 * }</pre>
 */
public final class Scorecard {

  private final String tag;
  private final String name;
  private final String description;
  private final String file;
  private final String text;
  private final List<Level> levels;
  private final List<Rule> rules;
  private final EntityFilter filter;
  private final List<Problem> warnings;

  Scorecard(String tag, String name, String description, String file, String text, List<Level> levels,
      List<Rule> rules, EntityFilter filter, List<Problem> warnings) {
    this.text = text;
    this.tag = tag;
    this.name = name;
    this.description = description;
    this.file = file;
    this.levels = List.copyOf(levels);
    this.rules = List.copyOf(rules);
    this.filter = filter;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads and compiles a scorecard file with the engine the rules will run on (for data rules:
   * {@link DataSession#engine()}).
   *
   * @throws ScorecardException when the file is refused: not valid YAML, a bad structure, or an expression
   *     that does not compile; each problem has its line and column in the file (and the rule's title)
   * @throws IOException when the file cannot be read
   */
  public static Scorecard load(Path file, CqlEngine engine) throws IOException, ScorecardException {
    String text;
    try {
      text = dev.cql.io.TextFiles.readYaml(file);
    } catch (dev.cql.io.TextFiles.BadFile e) {
      throw new ScorecardException(List.of(new Problem(Problem.Severity.ERROR, file.toString(), Math.max(1, e.line()),
          Math.max(1, e.column()), "scorecard", null, e.getMessage(), null)));
    }
    return parse(text, file.toString(), engine);
  }

  /** {@link #load} from text; {@code fileName} names the file in problems. */
  public static Scorecard parse(String yaml, String fileName, CqlEngine engine) throws ScorecardException {
    return ScorecardParser.parse(yaml, fileName, engine);
  }

  public String tag() {
    return tag;
  }

  public String name() {
    return name;
  }

  /** The description, or null. */
  public String description() {
    return description;
  }

  /** The file the scorecard was read from (as given). */
  public String file() {
    return file;
  }

  /** The ladder's levels, lowest (rank 1) first; empty when the scorecard has no ladder. */
  public List<Level> levels() {
    return levels;
  }

  /** The rules, in the file's order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The scorecard's filter, or null when it applies to every entity. */
  public EntityFilter filter() {
    return filter;
  }

  /** Warnings found when loading (unknown keys, legacy expression forms, ...), in file order. */
  public List<Problem> warnings() {
    return warnings;
  }

  /** The rule with this identifier, or else with this title. */
  public Optional<Rule> rule(String identifierOrTitle) {
    Optional<Rule> r = rules.stream().filter(x -> x.identifier().equals(identifierOrTitle)).findFirst();
    return r.isPresent() ? r : rules.stream().filter(x -> x.title().equals(identifierOrTitle)).findFirst();
  }

  /** The total weight of all rules. */
  public int maxScore() {
    return rules.stream().mapToInt(Rule::weight).sum();
  }

  // ---- evaluation

  /** Receives each entity's result as soon as it is complete (from a worker thread). */
  @FunctionalInterface
  public interface Listener {
    void entityDone(EntityResult result, int done, int total);
  }

  /** The default size of the evaluation pool: min(8, 2 × processors). */
  public static int defaultThreads() {
    return CatalogQuery.defaultThreads();
  }

  /** {@link #evaluate(DataSession, Collection, Instant, int, Listener)} with the default pool and no listener. */
  public ScorecardResult evaluate(DataSession session, Collection<Entity> entities, Instant now) {
    return evaluate(session, entities, now, defaultThreads(), null);
  }

  /**
   * Evaluates every rule for every entity, concurrently on a pool of {@code threads} threads, through the
   * session (whose data fetches the evaluations share).
   *
   * @param now the clock reading every rule sees; null: the time of this call
   * @param listener told as each entity completes, or null
   */
  public ScorecardResult evaluate(DataSession session, Collection<Entity> entities, Instant now, int threads,
      Listener listener) {
    Instant clock = now != null ? now : Instant.now();
    List<Entity> sorted = new ArrayList<>(entities);
    sorted.sort(Comparator.comparing(Entity::tag));
    if (sorted.isEmpty()) {
      return new ScorecardResult(this, clock, List.of());
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, sorted.size() * Math.max(1, rules.size()))),
        daemonThreads());
    try {
      AtomicInteger done = new AtomicInteger();
      List<CompletableFuture<EntityResult>> futures = new ArrayList<>();
      CatalogQuery query = CatalogQuery.over(session, sorted); // the entities share one fetch plan
      for (Entity e : sorted) {
        Context context = query.context(e, clock);
        CompletableFuture<EntityResult> f = CompletableFuture
            .supplyAsync(() -> scope(e, context), pool)
            .thenCompose(scope -> {
              List<CompletableFuture<RuleResult>> rs = new ArrayList<>();
              for (Rule r : rules) {
                rs.add(scope.kept() && scope.filterError() == null
                    ? CompletableFuture.supplyAsync(() -> evaluateRule(r, e, context, clock), pool)
                    : CompletableFuture.completedFuture(ruleFor(r, scope, e, context, clock)));
              }
              return CompletableFuture.allOf(rs.toArray(CompletableFuture[]::new))
                  .thenApply(x -> entityResult(e, scope.kept(), rs.stream().map(CompletableFuture::join).toList()));
            })
            .whenComplete((r, t) -> {
              int n = done.incrementAndGet();
              if (listener != null && r != null) {
                listener.entityDone(r, n, sorted.size());
              }
            });
        futures.add(f);
      }
      List<EntityResult> results = new ArrayList<>();
      for (CompletableFuture<EntityResult> f : futures) {
        try {
          results.add(f.get());
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("the scorecard evaluation was interrupted", ex);
        } catch (ExecutionException ex) {
          throw new IllegalStateException("the scorecard evaluation failed: " + ex.getCause(), ex.getCause());
        }
      }
      return new ScorecardResult(this, clock, results);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One rule for one entity (the scorecard's filter applied too), as a rule test runs it. */
  public RuleResult evaluateRule(DataSession session, Entity entity, Rule rule, Instant now) {
    Instant clock = now != null ? now : Instant.now();
    Context context = session.context(entity, clock);
    return ruleFor(rule, scope(entity, context), entity, context, clock);
  }

  /**
   * Whether the scorecard's filter keeps the entity, and if not why. When the filter's query cannot be
   * evaluated for the entity, the entity is kept and every rule is errored with the query's error (a filter
   * that fails must not silently drop the entity).
   */
  private record Scope(boolean kept, String why, String filterError) {}

  private Scope scope(Entity e, Context context) {
    if (filter == null) {
      return new Scope(true, null, null);
    }
    if (!filter.keepsByTypeAndGroup(e)) {
      return new Scope(false, "the scorecard's filter excludes the entity (" + filter.describe() + ")", null);
    }
    try {
      return filter.queryKeeps(context) ? new Scope(true, null, null)
          : new Scope(false, "the scorecard's filter query gives false for the entity", null);
    } catch (CqlException ex) {
      return new Scope(true, null, ex.kind().id() + "\n"
          + inFile(ex, filter.query(), filter.queryLine(), filter.queryColumn()));
    } catch (RuntimeException ex) {
      return new Scope(true, null, "internal\n" + ex);
    }
  }

  private RuleResult ruleFor(Rule r, Scope scope, Entity e, Context context, Instant now) {
    if (!scope.kept()) {
      return notApplicable(r, scope.why());
    }
    if (scope.filterError() != null) {
      String[] parts = scope.filterError().split("\n", 2);
      return errored(r, parts[0], "the scorecard's filter query failed: " + parts[1], Map.of());
    }
    return evaluateRule(r, e, context, now);
  }

  private RuleResult evaluateRule(Rule r, Entity e, Context context, Instant now) {
    if (r.effectiveFrom() != null && now.isBefore(r.effectiveFrom())) {
      return notApplicable(r, "the rule is effective from " + r.effectiveFrom());
    }
    if (r.filter() != null) {
      if (!r.filter().keepsByTypeAndGroup(e)) {
        return notApplicable(r, "the rule's filter excludes the entity (" + r.filter().describe() + ")");
      }
      try {
        if (!r.filter().queryKeeps(context)) {
          return notApplicable(r, "the rule's filter query gives false for the entity");
        }
      } catch (CqlException ex) {
        return errored(r, ex.kind().id(), "the rule's filter query failed: "
            + inFile(ex, r.filter().query(), r.filter().queryLine(), r.filter().queryColumn()), Map.of());
      } catch (RuntimeException ex) {
        return errored(r, "internal", "the rule's filter query failed: " + ex, Map.of());
      }
    }
    try {
      EvaluationResult res = r.compiled().evaluateDetailed(context);
      Map<String, Object> captures = plain(res.captures());
      Object v = res.value().raw();
      if (v instanceof Boolean b) {
        return b
            ? new RuleResult(r.identifier(), r.title(), r.level(), r.weight(), Outcome.PASSED, r.weight(), null, null, captures)
            : new RuleResult(r.identifier(), r.title(), r.level(), r.weight(), Outcome.FAILED, 0,
                FailureMessage.render(r.failureMessage(), captures), null, captures);
      }
      return errored(r, "type", "the rule must give a boolean, but gave " + Values.kindWord(v) + " "
          + truncate(Values.format(v)), captures);
    } catch (CqlException ex) {
      return errored(r, ex.kind().id(), inFile(ex, r.expression(), r.expressionLine(), r.expressionColumn()), Map.of());
    } catch (RuntimeException ex) {
      return errored(r, "internal", "the evaluation failed: " + ex, Map.of());
    }
  }

  private EntityResult entityResult(Entity e, boolean kept, List<RuleResult> results) {
    if (!kept) {
      return new EntityResult(e.tag(), e.name(), e.type(), false, 0, 0, null, null, results);
    }
    int score = 0;
    int total = 0;
    for (RuleResult r : results) {
      if (r.applicable()) {
        total += r.weight();
        score += r.score();
      }
    }
    String held = null;
    for (Level level : levels) {
      boolean all = results.stream()
          .filter(r -> level.name().equals(r.level()) && r.applicable())
          .allMatch(r -> r.outcome() == Outcome.PASSED);
      if (!all) {
        break;
      }
      held = level.name();
    }
    Double pct = total == 0 ? null : score * 100.0 / total;
    return new EntityResult(e.tag(), e.name(), e.type(), true, score, total, pct, held, results);
  }

  private static RuleResult notApplicable(Rule r, String why) {
    return new RuleResult(r.identifier(), r.title(), r.level(), r.weight(), Outcome.NOT_APPLICABLE, 0, why, null, Map.of());
  }

  private static RuleResult errored(Rule r, String kind, String message, Map<String, Object> captures) {
    return new RuleResult(r.identifier(), r.title(), r.level(), r.weight(), Outcome.ERRORED, 0, message, kind, captures);
  }

  /** {@code error[KIND] LINE:COL: message} with the error's position mapped into the scorecard file. */
  private String inFile(CqlException ex, String source, int line, int column) {
    if (source == null || line <= 0) {
      return "error[" + ex.kind().id() + "] " + ex.line() + ":" + ex.column() + ": " + ex.getMessage();
    }
    YamlTree.Pos at = YamlTree.locate(text, new YamlTree.Pos(line, column), source, ex.span().start());
    return "error[" + ex.kind().id() + "] " + at.line() + ":" + at.column() + ": " + ex.getMessage();
  }

  private static String truncate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  private static Map<String, Object> plain(Map<String, Value> captures) {
    Map<String, Object> out = new LinkedHashMap<>();
    captures.forEach((k, v) -> out.put(k, v.toPlain()));
    return out;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "cql-scorecard-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "Scorecard[" + tag + ", " + rules.size() + " rules]";
  }
}
