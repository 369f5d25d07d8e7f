package dev.cql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.EvaluationResult;
import dev.cql.api.error.CqlException;
import dev.cql.entity.Entity;
import dev.cql.session.DataSession;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "eval", description = "Evaluates one expression and prints its value.")
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPR", description = "the CQL expression")
  String expression;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  Output.Format format;

  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--entity", paramLabel = "TAG", description = "the entity the expression is evaluated for")
  String entity;

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
    Output.warnings(err, compiled.warnings(), expression);
    try {
      Entity selected = entity == null ? null : session.entity(entity);
      Context.Builder ctx = session.context(selected, now).toBuilder();
      vars.forEach(ctx::bind);
      EvaluationResult r = compiled.evaluateDetailed(ctx.build());
      Output.warnings(err, r.warnings(), expression);
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
