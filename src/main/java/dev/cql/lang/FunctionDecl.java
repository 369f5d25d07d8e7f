package dev.cql.lang;

import java.util.List;
import java.util.Map;

/**
 * What the checker knows of a global function or a namespace member: its parameters, named parameters
 * (criteria), result type and properties. Made by the builders of {@code dev.cql.eval.Functions}, next to
 * the implementation.
 *
 * @param minArgs positional arguments required ({@code params.size()} is the most accepted)
 * @param pure whether it reads nothing but its arguments, so that a call with constant arguments can be
 *     evaluated once, when the expression is compiled
 * @param entityScoped whether it reads the entity the expression is evaluated for
 * @param namedHints for names that are not parameters but a user may try (created_at), a hint to show
 */
public record FunctionDecl(
    String name,
    List<Param> params,
    int minArgs,
    List<NamedParam> named,
    ReturnRule returns,
    boolean pure,
    boolean entityScoped,
    Map<String, String> namedHints,
    String signature,
    String summary) {

  public FunctionDecl {
    params = List.copyOf(params);
    named = List.copyOf(named);
    namedHints = Map.copyOf(namedHints);
  }

  public int maxArgs() {
    return params.size();
  }

  public Param param(int position) {
    return position < params.size() ? params.get(position) : null;
  }

  /** The named parameter a spelling (canonical or alias) stands for, or null. */
  public NamedParam namedParam(String spelling) {
    for (NamedParam p : named) {
      if (p.accepts(spelling)) {
        return p;
      }
    }
    return null;
  }
}
