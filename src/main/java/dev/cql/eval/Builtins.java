package dev.cql.eval;

import dev.cql.lang.Param;
import dev.cql.lang.Type;

/**
 * The language's built-in functions and methods (the dialect record's list), by family: collections,
 * strings, objects, datetimes, and {@code captures()}.
 */
final class Builtins {

  private Builtins() {}

  static Registry.Builder install(Registry.Builder r) {
    CollectionBuiltins.install(r);
    StringBuiltins.install(r);
    ObjectBuiltins.install(r);
    DatetimeBuiltins.install(r);
    Functions.register(r, Functions.define("captures").param("name", Type.STRING).param(Param.value("value", Type.DYN))
        .returns((receiver, args) -> args.size() > 1 ? args.get(1) : Type.DYN).signature("captures(name, value)")
        .summary("returns value, and records it under name for the rule's failure message")
        .body((env, args, site) -> {
          env.capture((String) args[0], args[1]);
          return args[1];
        }));
    return r;
  }
}
