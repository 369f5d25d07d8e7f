package dev.cql.api;

import java.util.List;

/**
 * The body of a function an embedder adds with {@link CqlLibrary.Builder#function}: it receives the evaluated
 * arguments and returns a plain Java value (Map, List, Set, String, Number, Boolean, null, Instant,
 * Duration), which is converted to a CQL value. Throwing {@link IllegalArgumentException} makes the call a
 * {@code type} error at the call's position; bodies must be thread-safe.
 */
@FunctionalInterface
public interface CqlFunction {

  Object apply(List<Value> args);
}
