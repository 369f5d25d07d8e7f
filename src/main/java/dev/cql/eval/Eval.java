package dev.cql.eval;

/** A compiled expression node: evaluates to a CQL value, or throws a CqlException. */
@FunctionalInterface
public interface Eval {

  Object eval(Env env);

  /** A compile-time constant; the compiler folds pure operations over constants. */
  record Const(Object value) implements Eval {
    @Override
    public Object eval(Env env) {
      return value;
    }
  }

  static boolean isConst(Object e) {
    return e instanceof Const;
  }
}
