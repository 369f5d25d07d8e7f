package dev.cql.bench;

import dev.cel.bundle.Cel;
import dev.cel.runtime.CelRuntime;
import dev.cql.api.Context;
import dev.cql.api.CqlExpression;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlScript;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.spel.standard.SpelExpression;

/**
 * Evaluation cost of equivalent expressions in CQL, CEL-java, Spring SpEL (interpreted, and compiled to
 * bytecode in MIXED mode) and Apache JEXL. Everything is parsed/compiled once in {@link #setup()}.
 *
 * <p>Two columns per engine: {@code cql}, {@code cel}, ... evaluate against a context built once in setup;
 * {@code cqlFresh}, {@code celFresh}, ... build the engine's context from the same plain Java maps on every
 * invocation, as an embedder evaluating each request's data does ({@code Context.of(map)} for CQL, a new
 * {@code MapContext} for JEXL, a new {@code StandardEvaluationContext} for SpEL, the map itself for CEL, which
 * takes one, converted where CEL lacks the type). The setup checks every engine's answer in both columns, so
 * no benchmark can measure a wrong one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExpressionBenchmark {

  @Param({"arith", "bool", "string", "filter", "any", "decimal", "decimalVars", "arithDiv", "arithDivFrac",
      "recent", "passed3k"})
  public String expr;

  /** The plain Java data of the case: CQL's, and the peers' (which also hold {@code now} where used). */
  private Map<String, Object> data;
  private Map<String, Object> peerData;
  private boolean celConverts;

  private CqlExpression cql;
  private Context cqlContext;
  private CelRuntime.Program cel;
  private Map<String, Object> celData;
  private SpelExpression spel;
  private SpelExpression spelCompiled;
  private EvaluationContext spelContext;
  private JexlExpression jexlExpression;
  private JexlScript jexlScript;
  private JexlContext jexlContext;

  @Setup
  public void setup() throws Exception {
    Cases.Case c = Cases.CASES.get(expr);
    data = Cases.data(expr);
    peerData = Cases.peerData(expr);

    cql = Cases.cqlEngine(100).compile(c.cql());
    cqlContext = Cases.cqlContext(data);

    Cel celEnv = Cases.cel();
    cel = celEnv.createProgram(celEnv.compile(c.cel()).getAst());
    celConverts = Cases.celNeedsConversion(peerData);
    celData = celConverts ? Cases.toCel(peerData) : peerData;

    spel = (SpelExpression) Cases.spelParser(false).parseExpression(c.spel());
    spelCompiled = (SpelExpression) Cases.spelParser(true).parseExpression(c.spel());
    spelContext = Cases.spelContext(peerData);

    JexlEngine jexl = Cases.jexl(64);
    if (c.jexlScript()) {
      jexlScript = jexl.createScript(c.jexl());
    } else {
      jexlExpression = jexl.createExpression(c.jexl());
    }
    jexlContext = Cases.jexlContext(peerData);

    check("cql", cql());
    check("cel", cel());
    check("spel", spel());
    // MIXED mode compiles after a few interpreted runs; force it now and say whether it worked.
    for (int i = 0; i < 3; i++) {
      check("spel", spelCompiled());
    }
    boolean compiled = spelCompiled.compileExpression();
    check("spel", spelCompiled());
    System.out.println("# " + expr + ": SpEL bytecode compilation " + (compiled ? "succeeded" : "not possible (stays interpreted)"));
    check("jexl", jexl());

    check("cql", cqlFresh());
    check("cel", celFresh());
    check("spel", spelFresh());
    check("spel", spelCompiledFresh());
    check("jexl", jexlFresh());
  }

  private void check(String engine, Object result) {
    Cases.check(engine, expr, result);
  }

  // ------------------------------------------------------------ context built once

  @Benchmark
  public Object cql() {
    return cql.evaluate(cqlContext).raw();
  }

  @Benchmark
  public Object cel() throws Exception {
    return cel.eval(celData);
  }

  @Benchmark
  public Object spel() {
    return spel.getValue(spelContext);
  }

  @Benchmark
  public Object spelCompiled() {
    return spelCompiled.getValue(spelContext);
  }

  @Benchmark
  public Object jexl() {
    return jexlScript != null ? jexlScript.execute(jexlContext) : jexlExpression.evaluate(jexlContext);
  }

  // ------------------------------------------------------------ context built per evaluation

  @Benchmark
  public Object cqlFresh() {
    return cql.evaluate(Cases.cqlContext(data)).raw();
  }

  @Benchmark
  public Object celFresh() throws Exception {
    return cel.eval(celConverts ? Cases.toCel(peerData) : peerData);
  }

  @Benchmark
  public Object spelFresh() {
    return spel.getValue(Cases.spelContext(peerData));
  }

  @Benchmark
  public Object spelCompiledFresh() {
    return spelCompiled.getValue(Cases.spelContext(peerData));
  }

  @Benchmark
  public Object jexlFresh() {
    JexlContext ctx = Cases.jexlContext(peerData);
    return jexlScript != null ? jexlScript.execute(ctx) : jexlExpression.evaluate(ctx);
  }
}
