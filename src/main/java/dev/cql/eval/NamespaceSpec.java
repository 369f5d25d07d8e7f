package dev.cql.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A root name whose members are functions known at compile time, such as {@code entity} or
 * {@code buildkite}. Its value at run time comes from the evaluation's scope (it may be null, as
 * {@code buildkite} is for an entity without pipelines).
 */
public record NamespaceSpec(String name, Map<String, FunctionSpec> members, String summary) {

  public NamespaceSpec(String name, List<FunctionSpec> members, String summary) {
    this(name, index(members), summary);
  }

  private static Map<String, FunctionSpec> index(List<FunctionSpec> members) {
    Map<String, FunctionSpec> m = new LinkedHashMap<>();
    for (FunctionSpec f : members) {
      m.put(f.name(), f);
    }
    return Map.copyOf(m);
  }
}
