package dev.cql.eval;

import dev.cql.lang.ObjectType;
import java.util.List;

/**
 * An object with a fixed set of fields, such as a Buildkite pipeline or build, described by its
 * {@link ObjectType} (the one table of its fields). Unlike a map, asking for a field it does not have is an
 * {@code unknown-name} error. Field values are CQL values.
 */
public interface CqlObject {

  /** The object's type: its name and its field table, whose getters read this object. */
  ObjectType<?> objectType();

  /** A short text form for display, e.g. {@code <build web-app#42 passed>}. */
  String describe();

  /** The kind of object, as users see it: "pipeline", "build". */
  default String typeName() {
    return objectType().name();
  }

  default List<String> fieldNames() {
    return objectType().fieldNames();
  }

  default boolean hasField(String name) {
    return objectType().hasField(name);
  }

  /** The field's value; only called for names where {@link #hasField} is true. */
  default Object field(String name) {
    return read(objectType().field(name));
  }

  /** Reads a field of this object's type through its getter. */
  @SuppressWarnings("unchecked")
  default Object read(ObjectType.Field<?> field) {
    return ((ObjectType.Field<Object>) field).getter().apply(this);
  }
}
