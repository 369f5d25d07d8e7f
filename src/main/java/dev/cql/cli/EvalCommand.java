package dev.cql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.EvaluationResult;
import dev.cql.api.error.CqlException;
import dev.cql.entity.Entity;
import dev.cql.repl.CatalogTable;
import dev.cql.session.CatalogQuery;
import dev.cql.session.DataSession;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "eval", description = {
    "Evaluates one expression and prints its value.",
    "An expression that reads entity-scoped names (entity, buildkite, custom(), hasGroup()) with no --entity is a "
        + "query over every entity of the catalog: a table 'entity | value' ordered by tag, each error in its row, "
        + "and for booleans a closing line 'N of M entities: true' (--format json: an array of {\"entity\", \"value\"} "
        + "or {\"entity\", \"error\": {\"kind\", \"message\"}}).",
    "Exit codes: 0 evaluated (for every entity: a rule error such as null-value is a result in its row); "
        + "1 an evaluation or data error (for every entity: the data source failed); 2 syntax or compile error; "
        + "64 bad usage."})
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPR", description = "the CQL expression")
  String expression;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  Output.Format format;

  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--entity", paramLabel = "TAG", description = "the entity the expression is evaluated for (default: every entity, when it reads entity-scoped names)")
  String entity;

  @Option(names = "--matching", description = "over every entity: only the entities where the value is true")
  boolean matching;

  @Option(names = "--type", paramLabel = "TYPE", description = "over every entity: only entities of this type (repeatable: any of)")
  List<String> types = List.of();

  @Option(names = "--group", paramLabel = "GROUP", description = "over every entity: only entities in this group (repeatable: any of)")
  List<String> groups = List.of();

  @Option(names = "--threads", paramLabel = "N", description = "over every entity: evaluation threads (default: min(8, 2 x processors))")
  Integer threads;

  @Option(names = "--bind", paramLabel = "NAME=JSON", description = "binds a root variable to a JSON value (repeatable)")
  List<String> bindings = List.of();

  /** Created on first use (only --bind needs it): a mapper costs hundreds of classes at start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    Map<String, Object> vars = parseBindings(bindings);
    boolean narrowed = matching || !types.isEmpty() || !groups.isEmpty();
    if (entity != null && narrowed) {
      throw new Main.UsageException("--matching, --type and --group narrow a query over every entity; drop --entity to use them");
    }
    if (threads != null && threads < 1) {
      throw new Main.UsageException("--threads needs a positive number");
    }
    Instant now = data.now();
    DataSession session = data.open(err);
    CqlEngine engine = session.engine();
    CqlExpression compiled;
    try {
      compiled = engine.compile(expression, vars.keySet());
    } catch (CqlException e) {
      Output.error(err, e);
      return Main.COMPILE_ERROR;
    }
    if (!data.quiet) {
      Output.warnings(err, compiled.warnings(), expression);
    }
    if (entity == null && (narrowed || CatalogQuery.readsEntityScope(compiled))) {
      return overEveryEntity(session, compiled, now, vars, out, err);
    }
    try {
      Entity selected = entity == null ? null : session.entity(entity);
      Context.Builder ctx = session.context(selected, now).toBuilder();
      vars.forEach(ctx::bind);
      EvaluationResult r = compiled.evaluateDetailed(ctx.build());
      if (!data.quiet) {
        Output.warnings(err, r.warnings(), expression);
      }
      out.println(Output.value(r.value(), format));
      out.flush();
      return Main.OK;
    } catch (CqlException e) {
      Output.error(err, e);
      return Main.FAILED;
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }

  private int overEveryEntity(DataSession session, CqlExpression compiled, Instant now, Map<String, Object> vars,
      PrintWriter out, PrintWriter err) {
    List<Entity> all;
    try {
      all = session.catalog().all();
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    if (all.isEmpty()) {
      throw new Main.UsageException("the expression reads entity-scoped names and the catalog has no entities: give "
          + "--entities DIR (or --entity TAG)");
    }
    List<Entity> chosen = all.stream()
        .filter(e -> types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(e.type())))
        .filter(e -> groups.isEmpty() || groups.stream().anyMatch(e::hasGroup))
        .toList();
    if (chosen.isEmpty()) {
      err.println("cql: no entity matches" + (types.isEmpty() ? "" : " --type " + String.join(",", types))
          + (groups.isEmpty() ? "" : " --group " + String.join(",", groups)) + " (types: "
          + String.join(", ", new TreeSet<>(all.stream().map(Entity::type).toList())) + "; groups: "
          + String.join(", ", new TreeSet<>(all.stream().flatMap(e -> e.groups().stream()).toList())) + ")");
    }
    CatalogQuery query = CatalogQuery.over(session, chosen);
    int pool = threads != null ? threads : CatalogQuery.defaultThreads();
    CatalogQuery.Result result = Progress.<CatalogQuery.Result, CatalogQuery.Row>run(chosen.size(),
        listener -> query.evaluate(compiled, now, vars, pool, listener));
    if (!data.quiet) {
      result.warnings().forEach(w -> err.println("warning: " + w.message()));
    }
    err.flush();
    if (format == Output.Format.json) {
      out.println(CatalogTable.json(result, matching));
    } else {
      out.print(CatalogTable.text(result, matching, 0));
    }
    out.flush();
    List<CatalogQuery.Row> failed = result.dataFailures();
    if (!failed.isEmpty()) {
      err.println("cql: the data source failed for " + failed.size() + " of " + result.rows().size() + " entities: "
          + failed.get(0).error().getMessage());
      err.flush();
      return Main.FAILED;
    }
    return Main.OK;
  }

  static Instant parseNow(String now) {
    try {
      return java.time.OffsetDateTime.parse(now).toInstant();
    } catch (DateTimeParseException e) {
      throw new Main.UsageException("--now needs an ISO-8601 datetime such as 2026-11-01T12:00:00Z, not '" + now + "'");
    }
  }

  static Map<String, Object> parseBindings(List<String> bindings) {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String b : bindings) {
      int eq = b.indexOf('=');
      if (eq <= 0) {
        throw new Main.UsageException("--bind needs NAME=JSON, not '" + b + "'");
      }
      try {
        vars.put(b.substring(0, eq), dev.cql.eval.Values.fromJson(Json.MAPPER.readTree(b.substring(eq + 1))));
      } catch (Exception e) {
        throw new Main.UsageException("--bind " + b.substring(0, eq) + ": the value is not valid JSON");
      }
    }
    return vars;
  }
}
