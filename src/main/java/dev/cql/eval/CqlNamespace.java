package dev.cql.eval;

/** A value that stands for a namespace (such as {@code entity} or {@code buildkite}) and has functions. */
public interface CqlNamespace {

  String namespaceName();

  /** Called each time an evaluation reads the namespace by name, e.g. to report its warnings once. */
  default void used(Env env, dev.cql.api.error.Span span) {}
}
