package dev.cql.check;

import dev.cql.eval.FunctionSpec;
import dev.cql.eval.MethodSpec;
import dev.cql.eval.NamespaceSpec;
import dev.cql.lang.Node;
import dev.cql.lang.Span;
import java.util.List;
import java.util.Map;

/**
 * What the checker decided about one call: which function, namespace member or method it is, and its
 * arguments in order (shorthand arguments already turned into named or positional ones, named arguments
 * under their canonical names).
 */
public record Resolution(
    Target target,
    FunctionSpec function,
    NamespaceSpec namespace,
    MethodSpec method,
    List<Node> positional,
    Map<String, Node> named,
    Map<String, Span> namedSpans) {

  public enum Target { FUNCTION, NAMESPACE_MEMBER, METHOD }
}
