package dev.cql.bench;

import dev.cel.bundle.Cel;
import dev.cql.api.CqlEngine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.jexl3.JexlEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Cost of turning source text into an evaluable form, with every engine's cache bypassed: CQL parse + check
 * + closure compilation (constant folding included: {@code duration("P7D")} in {@code recent} is evaluated
 * here); CEL parse + type-check + createProgram; SpEL parse only ({@code parseExpression}: SpEL resolves its
 * AST lazily, on the first evaluation); JEXL parse (cache size 0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompileBenchmark {

  @Param({"arith", "filter", "any", "arithDiv", "recent"})
  public String expr;

  private Cases.Case c;
  private CqlEngine cqlEngine;
  private long counter;
  private Cel cel;
  private SpelExpressionParser spel;
  private JexlEngine jexl;

  @Setup
  public void setup() {
    c = Cases.CASES.get(expr);
    cqlEngine = Cases.cqlEngine(0);
    cel = Cases.cel();
    spel = Cases.spelParser(false);
    jexl = Cases.jexl(0);
  }

  /**
   * CqlEngine caches by (source, variables); a fresh extra variable name per call makes every key new, so
   * each call really compiles (the extra, unused name costs a set copy, not parsing work).
   */
  @Benchmark
  public Object cql() {
    return cqlEngine.compile(c.cql(), List.of("unused" + (counter++)));
  }

  @Benchmark
  public Object cel() throws Exception {
    return cel.createProgram(cel.compile(c.cel()).getAst());
  }

  @Benchmark
  public Object spel() {
    return spel.parseExpression(c.spel());
  }

  @Benchmark
  public Object jexl() {
    return c.jexlScript() ? jexl.createScript(c.jexl()) : jexl.createExpression(c.jexl());
  }
}
