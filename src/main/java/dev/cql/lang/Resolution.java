package dev.cql.lang;

import dev.cql.api.error.Span;
import java.util.List;
import java.util.Map;

/**
 * What the checker decided about one call: which function, namespace member or method it is, and its
 * arguments in order (named arguments under their canonical names).
 *
 * @param receiverType for a method, the static type of its receiver ({@link Type#DYN} when unknown)
 */
public record Resolution(
    Target target,
    FunctionDecl function,
    NamespaceDecl namespace,
    MethodDecl method,
    Type receiverType,
    List<Node> positional,
    Map<String, Node> named,
    Map<String, Span> namedSpans) {

  public enum Target { FUNCTION, NAMESPACE_MEMBER, METHOD }
}
