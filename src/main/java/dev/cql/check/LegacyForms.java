package dev.cql.check;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import dev.cql.lang.Declarations;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.NamedParam;
import dev.cql.lang.NamespaceDecl;
import dev.cql.lang.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The one step that turns the legacy forms the dialect accepts into their canonical forms, each with a
 * warning naming the canonical spelling, so that the checker and the compiler see only canonical trees:
 *
 * <ul>
 *   <li>{@code a = b} is {@code a == b};
 *   <li>{@code x == {a, b}} (a set literal on one side) is {@code x in {a, b}}, and {@code !=} its negation;
 *   <li>{@code f(name[v1, v2])} is {@code f(name=[v1, v2])} when {@code name} is a named parameter of
 *       {@code f}; otherwise it is the positional argument {@code name[v1]} (an index expression), or, when
 *       {@code name} is not a variable either, an unknown criterion.
 * </ul>
 */
public final class LegacyForms implements Node.Visitor<Node> {

  /** The canonical tree and the warnings about the legacy forms found. */
  public record Result(Node ast, List<Warning> warnings) {}

  private final Declarations decls;
  private final Set<String> variables;
  private final String source;
  private final Deque<List<String>> lambdaScopes = new ArrayDeque<>();
  private final List<Warning> warnings = new ArrayList<>();

  private LegacyForms(Declarations decls, Set<String> variables, String source) {
    this.decls = decls;
    this.variables = variables;
    this.source = source;
  }

  /**
   * Rewrites a parsed tree.
   *
   * @param variables the root variables bound at evaluation (a shorthand naming one is an index)
   * @param source the source text, to spell out canonical forms in warnings (may be null)
   */
  public static Result rewrite(Node ast, Declarations decls, Set<String> variables, String source) {
    LegacyForms f = new LegacyForms(decls, variables, source);
    Node out = ast.accept(f);
    List<Warning> w = new ArrayList<>(f.warnings);
    w.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
    return new Result(out, List.copyOf(w));
  }

  private Node rewrite(Node n) {
    return n.accept(this);
  }

  private List<Node> rewriteAll(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      out.add(rewrite(n));
    }
    return out;
  }

  @Override
  public Node visitLiteral(Node.Literal node) {
    return node;
  }

  @Override
  public Node visitName(Node.Name node) {
    return node;
  }

  @Override
  public Node visitMember(Node.Member node) {
    return new Node.Member(node.span(), rewrite(node.target()), node.name(), node.nameSpan());
  }

  @Override
  public Node visitIndex(Node.Index node) {
    return new Node.Index(node.span(), rewrite(node.target()), rewrite(node.index()));
  }

  @Override
  public Node visitUnary(Node.Unary node) {
    return new Node.Unary(node.span(), node.op(), rewrite(node.operand()));
  }

  @Override
  public Node visitList(Node.ListLiteral node) {
    return new Node.ListLiteral(node.span(), rewriteAll(node.elements()));
  }

  @Override
  public Node visitSet(Node.SetLiteral node) {
    return new Node.SetLiteral(node.span(), rewriteAll(node.elements()));
  }

  @Override
  public Node visitLambda(Node.Lambda node) {
    lambdaScopes.push(node.params());
    try {
      return new Node.Lambda(node.span(), node.params(), rewrite(node.body()));
    } finally {
      lambdaScopes.pop();
    }
  }

  @Override
  public Node visitBinary(Node.Binary b) {
    if (b.legacy()) {
      warnings.add(new Warning(b.opSpan(), "'=' is a legacy spelling of '==': write '=='"));
    }
    Node left = rewrite(b.left());
    Node right = rewrite(b.right());
    boolean eq = b.op() == Node.BinaryOp.EQ || b.op() == Node.BinaryOp.NE;
    boolean leftSet = left instanceof Node.SetLiteral && !(right instanceof Node.SetLiteral);
    boolean rightSet = right instanceof Node.SetLiteral && !(left instanceof Node.SetLiteral);
    if (eq && (leftSet || rightSet)) {
      Node.SetLiteral set = (Node.SetLiteral) (rightSet ? right : left);
      Node value = rightSet ? left : right;
      warnSetComparison(set, rightSet ? b.left() : b.right());
      Node in = new Node.Binary(b.span(), Node.BinaryOp.IN, value, set, b.opSpan(), false);
      return b.op() == Node.BinaryOp.EQ ? in : new Node.Unary(b.span(), Node.UnaryOp.NOT, in);
    }
    return new Node.Binary(b.span(), b.op(), left, right, b.opSpan(), false);
  }

  private void warnSetComparison(Node.SetLiteral s, Node other) {
    String canonical;
    if (s.elements().size() == 1) {
      canonical = "compare with the value itself: " + text(s.elements().get(0));
    } else {
      String inner = "";
      if (!s.elements().isEmpty() && source != null) {
        inner = source.substring(s.elements().get(0).span().start(), s.elements().get(s.elements().size() - 1).span().end());
      }
      canonical = "use 'in' with a list: " + text(other) + " in [" + inner + "]";
    }
    warnings.add(new Warning(s.span(), "comparing a value with a set literal is a legacy form; " + canonical));
  }

  private String text(Node n) {
    return source == null ? "..." : source.substring(n.span().start(), n.span().end());
  }

  @Override
  public Node visitCall(Node.Call c) {
    Node target = c.target() == null ? null : rewrite(c.target());
    FunctionDecl callee = callee(c);
    List<Node.Argument> args = new ArrayList<>(c.args().size());
    for (Node.Argument a : c.args()) {
      if (!a.shorthand()) {
        args.add(new Node.Argument(a.span(), a.name(), a.nameSpan(), rewrite(a.value()), false, null));
        continue;
      }
      NamedParam p = callee == null ? null : callee.namedParam(a.name());
      if (p != null) {
        Span v = a.value().span();
        String canonical = a.name() + "=" + (source != null && v.end() <= source.length()
            ? source.substring(v.start(), v.end()) : "[...]");
        warnings.add(new Warning(a.span(), "'" + a.name() + "[...]' is a legacy shorthand; write " + canonical));
        args.add(new Node.Argument(a.span(), a.name(), a.nameSpan(), rewrite(a.value()), false, null));
        continue;
      }
      if (callee != null && !callee.named().isEmpty() && !isBound(a.name())) {
        throw Checker.unknownNamed(display(c), callee, a.nameSpan(), a.name());
      }
      if (a.fallback() == null) {
        throw new CqlException(ErrorKind.SYNTAX, a.span(), "'" + a.name() + "[...]' is not an argument of "
            + display(c) + " and holds more than one index; write " + a.name() + "=[...] for a named argument");
      }
      args.add(new Node.Argument(a.span(), null, null, rewrite(a.fallback()), false, null));
    }
    return new Node.Call(c.span(), target, c.name(), c.nameSpan(), args);
  }

  /** The function or namespace member a call names, or null for a method or an unknown name. */
  private FunctionDecl callee(Node.Call c) {
    if (c.target() == null) {
      return isLambdaParam(c.name()) ? null : decls.function(c.name());
    }
    if (c.target() instanceof Node.Name n && !isBound(n.name())) {
      NamespaceDecl ns = decls.namespace(n.name());
      return ns == null ? null : ns.members().get(c.name());
    }
    return null;
  }

  private String display(Node.Call c) {
    return (c.target() instanceof Node.Name n && decls.namespace(n.name()) != null ? n.name() + "." : "") + c.name() + "()";
  }

  private boolean isBound(String name) {
    return variables.contains(name) || isLambdaParam(name);
  }

  private boolean isLambdaParam(String name) {
    for (List<String> scope : lambdaScopes) {
      if (scope.contains(name)) {
        return true;
      }
    }
    return false;
  }
}
