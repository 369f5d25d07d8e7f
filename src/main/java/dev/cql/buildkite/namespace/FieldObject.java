package dev.cql.buildkite.namespace;

import dev.cql.eval.CqlObject;
import java.util.List;
import java.util.Set;

/** A CQL object with a fixed list of fields (pipelines, builds): field lookups by a hash set, not a scan. */
abstract class FieldObject implements CqlObject {

  private final String typeName;
  private final List<String> fields;
  private final Set<String> fieldSet;

  FieldObject(String typeName, List<String> fields, Set<String> fieldSet) {
    this.typeName = typeName;
    this.fields = fields;
    this.fieldSet = fieldSet;
  }

  @Override
  public final String typeName() {
    return typeName;
  }

  @Override
  public final List<String> fieldNames() {
    return fields;
  }

  @Override
  public final boolean hasField(String name) {
    return fieldSet.contains(name);
  }

  @Override
  public final String toString() {
    return describe();
  }
}
