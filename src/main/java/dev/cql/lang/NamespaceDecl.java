package dev.cql.lang;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A root name whose members are functions known at compile time, such as {@code entity} or
 * {@code buildkite}. Its value comes from the evaluation's scope and may be null ({@code buildkite} for an
 * entity nothing links to).
 *
 * @param entityScoped whether its value depends on the entity the expression is evaluated for
 */
public record NamespaceDecl(String name, Map<String, FunctionDecl> members, boolean entityScoped, String summary) {

  public NamespaceDecl {
    members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  public static NamespaceDecl of(String name, List<FunctionDecl> members, boolean entityScoped, String summary) {
    Map<String, FunctionDecl> m = new LinkedHashMap<>();
    for (FunctionDecl f : members) {
      m.put(f.name(), f);
    }
    return new NamespaceDecl(name, m, entityScoped, summary);
  }
}
