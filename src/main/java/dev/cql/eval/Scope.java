package dev.cql.eval;

import java.time.Instant;

/** What an evaluation can see from outside: root names and the clock. Implemented by the API's Context. */
public interface Scope {

  /** Whether the name is bound (its value may be null). */
  boolean has(String name);

  /** The value bound to a root name (already a CQL value). */
  Object get(String name);

  /**
   * The value bound to a root name, for an evaluation: a scope whose binding loads data on first use (a lazy
   * binding) reports the time it waited through {@link Env#waited}, so the evaluation's clock leaves it out.
   */
  default Object get(String name, Env env) {
    return get(name);
  }

  /** The clock reading for this evaluation. */
  Instant now();

  /** The work budget of one evaluation (lambda calls and produced elements). */
  long maxWork();

  /** The bytes the lambdas of one evaluation may build (strings and lists they return). */
  default long maxMemory() {
    return dev.cql.lang.Limit.MEMORY.value();
  }

  /** The wall-clock time one evaluation may take, in milliseconds. */
  default long maxMillis() {
    return dev.cql.lang.Limit.TIME.value();
  }
}
