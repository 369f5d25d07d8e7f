package dev.cql.eval;

import dev.cql.api.error.Span;

/**
 * A compiled lambda argument. Its parameters live in slots of the evaluation's locals array, assigned at
 * compile time, so calling it allocates nothing and nested lambdas see the outer parameters (closures).
 */
public final class Lambda {

  private final int[] slots;
  private final Eval body;
  private final Span span;

  public Lambda(int[] slots, Eval body, Span span) {
    this.slots = slots;
    this.body = body;
    this.span = span;
  }

  public int arity() {
    return slots.length;
  }

  public Span span() {
    return span;
  }

  public Object call(Env env, Object arg) {
    env.tick(1, span);
    env.locals[slots[0]] = arg;
    Object result = body.eval(env);
    env.charge(result, span);
    return result;
  }

  public Object call(Env env, Object a, Object b) {
    env.tick(1, span);
    env.locals[slots[0]] = a;
    env.locals[slots[1]] = b;
    Object result = body.eval(env);
    env.charge(result, span);
    return result;
  }
}
