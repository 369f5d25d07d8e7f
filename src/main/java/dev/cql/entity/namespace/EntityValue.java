package dev.cql.entity.namespace;

import dev.cql.entity.Entity;
import dev.cql.eval.CqlNamespace;

/** The value of {@code entity}: the catalog entity an expression is evaluated for. */
public record EntityValue(Entity entity) implements CqlNamespace {

  @Override
  public String namespaceName() {
    return "entity";
  }

  @Override
  public String toString() {
    return "<entity " + entity.tag() + ">";
  }
}
