package dev.cql.api;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import dev.cql.eval.Compiler;
import dev.cql.eval.Env;
import dev.cql.lang.Checked;
import dev.cql.lang.Node;
import java.util.List;

/**
 * A compiled expression: immutable, and safe to evaluate from many threads at once (each evaluation has
 * its own {@link Env}).
 */
public final class CqlExpression {

  private final CqlEngine engine;
  private final String source;
  private final Node parsed;
  private final Checked checked;
  private final Compiler.Program program;

  CqlExpression(CqlEngine engine, String source, Node parsed, Checked checked, Compiler.Program program) {
    this.engine = engine;
    this.source = source;
    this.parsed = parsed;
    this.checked = checked;
    this.program = program;
  }

  public String source() {
    return source;
  }

  /** The tree as parsed (legacy forms as written). */
  public Node ast() {
    return parsed;
  }

  /** Warnings found when compiling (legacy forms and their canonical spelling). */
  public List<Warning> warnings() {
    return checked.warnings();
  }

  /** Evaluates; throws {@link CqlException} (with this source attached) on failure. */
  public Value evaluate(Context context) {
    return Value.of(run(program.newEnv(context)));
  }

  /** Evaluates and also returns what the evaluation recorded: run-time warnings and captures. */
  public EvaluationResult evaluateDetailed(Context context) {
    Env env = program.newEnv(context);
    Object v = run(env);
    return new EvaluationResult(Value.of(v), env.warnings(), env.captures(), env.work());
  }

  /** Evaluates to the raw runtime value, for callers that avoid the wrapper. */
  public Object evaluateRaw(Context context) {
    return run(program.newEnv(context));
  }

  private Object run(Env env) {
    try {
      return program.root().eval(env);
    } catch (CqlException e) {
      throw e.withSource(source);
    } catch (StackOverflowError e) {
      throw new CqlException(dev.cql.api.error.ErrorKind.LIMIT, checked.ast().span(), "the evaluation nested too deeply", source, null);
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
