package dev.cql.api;

import dev.cql.eval.Compiler;
import dev.cql.eval.Env;
import dev.cql.lang.CqlException;
import dev.cql.lang.Node;
import dev.cql.lang.Warning;
import java.util.List;

/**
 * A compiled expression: immutable, and safe to evaluate from many threads at once (each evaluation has
 * its own {@link Env}).
 */
public final class CqlExpression {

  private final CqlEngine engine;
  private final String source;
  private final Node ast;
  private final Compiler.Program program;
  private final List<Warning> warnings;

  CqlExpression(CqlEngine engine, String source, Node ast, Compiler.Program program, List<Warning> warnings) {
    this.engine = engine;
    this.source = source;
    this.ast = ast;
    this.program = program;
    this.warnings = warnings;
  }

  public String source() {
    return source;
  }

  public Node ast() {
    return ast;
  }

  /** Warnings found when compiling (legacy forms and their canonical spelling). */
  public List<Warning> warnings() {
    return warnings;
  }

  /** Evaluates; throws {@link CqlException} (with this source attached) on failure. */
  public Value evaluate(Context context) {
    return Value.of(run(new Env(context, program.slots())));
  }

  /** Evaluates and also returns what the evaluation recorded: run-time warnings and captures. */
  public EvaluationResult evaluateDetailed(Context context) {
    Env env = new Env(context, program.slots());
    Object v = run(env);
    return new EvaluationResult(Value.of(v), env.warnings(), env.captures(), env.work());
  }

  /** Evaluates to the raw runtime value, for callers that avoid the wrapper. */
  public Object evaluateRaw(Context context) {
    return run(new Env(context, program.slots()));
  }

  private Object run(Env env) {
    try {
      return program.root().eval(env);
    } catch (CqlException e) {
      throw e.withSource(source);
    } catch (StackOverflowError e) {
      throw new CqlException(dev.cql.lang.ErrorKind.LIMIT, ast.span(), "the evaluation nested too deeply", source, null);
    }
  }

  @Override
  public String toString() {
    return "CqlExpression[" + source + "]";
  }

  CqlEngine engine() {
    return engine;
  }
}
