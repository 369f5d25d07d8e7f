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
 * bytecode in MIXED mode) and Apache JEXL. Everything is parsed/compiled once in {@link #setup()}; each
 * invocation evaluates once against the same bound data. The setup checks each engine's answer, so a
 * benchmark cannot measure a wrong one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExpressionBenchmark {

  @Param({"arith", "bool", "string", "filter", "any", "decimal", "decimalVars"})
  public String expr;

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
    Map<String, Object> data = Cases.data();

    cql = Cases.cqlEngine(100).compile(c.cql());
    cqlContext = Cases.cqlContext(data);

    Cel celEnv = Cases.cel();
    cel = celEnv.createProgram(celEnv.compile(c.cel()).getAst());
    celData = Cases.celData();

    spel = (SpelExpression) Cases.spelParser(false).parseExpression(c.spel());
    spelCompiled = (SpelExpression) Cases.spelParser(true).parseExpression(c.spel());
    spelContext = Cases.spelContext(data);

    JexlEngine jexl = Cases.jexl(64);
    if (c.jexlScript()) {
      jexlScript = jexl.createScript(c.jexl());
    } else {
      jexlExpression = jexl.createExpression(c.jexl());
    }
    jexlContext = Cases.jexlContext(data);

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
  }

  private void check(String engine, Object result) {
    boolean want = Cases.expected(engine, expr);
    if (!(result instanceof Boolean b) || b != want) {
      throw new IllegalStateException(engine + " evaluated '" + expr + "' to " + result + ", expected " + want);
    }
  }

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
}
