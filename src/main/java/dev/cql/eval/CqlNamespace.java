package dev.cql.eval;

/** A value that stands for a namespace (such as {@code entity} or {@code buildkite}) and has functions. */
public interface CqlNamespace {

  String namespaceName();
}
