package dev.cql.lang;

/**
 * A positional parameter of a function or method.
 *
 * @param type the kind of value it takes ({@link Type#DYN}: any); arguments are checked against it once,
 *     where the call is compiled, not by each body
 * @param lambdaArity the number of parameters a lambda here must declare, or 0 for a plain value
 * @param check a check of a constant argument made at compile time, or null
 */
public record Param(String name, Type type, int lambdaArity, ConstantCheck check) {

  public static Param value(String name, Type type) {
    return new Param(name, type, 0, null);
  }

  public static Param lambda(String name, int arity) {
    return new Param(name, Type.DYN, arity, null);
  }

  public boolean isLambda() {
    return lambdaArity > 0;
  }

  public Param withCheck(ConstantCheck c) {
    return new Param(name, type, lambdaArity, c);
  }
}
