package dev.cql.api;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import dev.cql.eval.Compiler;
import dev.cql.eval.Env;
import dev.cql.lang.Checked;
import java.util.List;
import java.util.Set;

/**
 * A compiled expression: immutable, and safe to evaluate from many threads at once (each evaluation has
 * its own {@link Env}).
 */
public final class CqlExpression {

  private final CqlEngine engine;
  private final String source;
  private final Checked checked;
  private final Compiler.Program program;

  CqlExpression(CqlEngine engine, String source, Checked checked, Compiler.Program program) {
    this.engine = engine;
    this.source = source;
    this.checked = checked;
    this.program = program;
  }

  public String source() {
    return source;
  }

  /** Where the whole expression is in its source (for errors about it as a whole). */
  public Span span() {
    return checked.ast().span();
  }

  /** The root names the expression reads: variables and namespaces such as {@code buildkite}. */
  public Set<String> rootNames() {
    return checked.rootNames();
  }

  /**
   * Whether the expression reads anything that depends on the entity it is evaluated for (the
   * {@code entity} and {@code buildkite} namespaces, {@code custom()}, {@code hasGroup()}): such an
   * expression means one value per entity.
   */
  public boolean isEntityScoped() {
    return checked.entityScoped();
  }

  /** Warnings found when compiling (legacy forms and their canonical spelling). */
  public List<Warning> warnings() {
    return checked.warnings();
  }

  /** Evaluates; throws {@link CqlException} (with this source attached) on failure. */
  public Value evaluate(Context context) {
    return Value.of(run(program.newEnv(context.scope())));
  }

  /** Evaluates and also returns what the evaluation recorded: run-time warnings and captures. */
  public EvaluationResult evaluateDetailed(Context context) {
    Env env = program.newEnv(context.scope());
    Object v = run(env);
    return new EvaluationResult(Value.of(v), env.warnings(), Value.ofAll(env.captures()), env.work());
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
