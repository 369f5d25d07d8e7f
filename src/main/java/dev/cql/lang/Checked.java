package dev.cql.lang;

import dev.cql.api.error.Warning;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker's result, which the compiler reads (it never calls the checker): the canonical AST (legacy
 * forms rewritten), how each call resolved, the static type found for each node, the warnings, and which
 * root names the expression reads.
 *
 * @param entityScoped whether the expression reads anything that depends on the entity it is evaluated
 *     for (the entity namespace, buildkite, custom(), hasGroup(), ...)
 */
public record Checked(
    Node ast,
    Map<Node.Call, Resolution> resolutions,
    Map<Node, Type> types,
    List<Warning> warnings,
    Set<String> rootNames,
    boolean entityScoped) {

  /** The static type of a node ({@link Type#DYN} when nothing is known). */
  public Type typeOf(Node node) {
    Type t = types.get(node);
    return t == null ? Type.DYN : t;
  }
}
