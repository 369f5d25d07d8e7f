package dev.cql.eval;

import java.util.List;

/**
 * An object with a fixed set of fields, such as a Buildkite pipeline or build. Unlike a map, asking for a
 * field it does not have is an {@code unknown-name} error. Field values are CQL values.
 */
public interface CqlObject {

  /** The kind of object, as users see it: "pipeline", "build". */
  String typeName();

  List<String> fieldNames();

  boolean hasField(String name);

  /** The field's value; only called for names where {@link #hasField} is true. */
  Object field(String name);

  /** A short text form for display, e.g. {@code <build web-app#42 passed>}. */
  String describe();
}
