package dev.cql.syntax;

import dev.cql.lang.Literals;
import dev.cql.lang.Node;

/**
 * Prints an AST as one-line S-expressions, the form {@code cql parse} shows:
 * {@code 1 + 2 * 3} is {@code (+ 1 (* 2 3))}; calls are {@code (call name args...)}, methods
 * {@code (method name target args...)}, named arguments {@code name=value}.
 */
public final class AstPrinter {

  private AstPrinter() {}

  public static String print(Node node) {
    StringBuilder sb = new StringBuilder();
    print(node, sb);
    return sb.toString();
  }

  private static void print(Node node, StringBuilder sb) {
    if (node instanceof Node.Literal l) {
      sb.append(Literals.format(l.value()));
    } else if (node instanceof Node.Name n) {
      sb.append(n.name());
    } else if (node instanceof Node.Member m) {
      sb.append("(. ");
      print(m.target(), sb);
      sb.append(' ').append(m.name()).append(')');
    } else if (node instanceof Node.Call c) {
      if (c.target() == null) {
        sb.append("(call ").append(c.name());
      } else {
        sb.append("(method ").append(c.name()).append(' ');
        print(c.target(), sb);
      }
      for (Node.Argument a : c.args()) {
        sb.append(' ');
        if (a.name() != null) {
          sb.append(a.name()).append(a.shorthand() ? "[]=" : "=");
        }
        print(a.value(), sb);
      }
      sb.append(')');
    } else if (node instanceof Node.Index i) {
      sb.append("(index ");
      print(i.target(), sb);
      sb.append(' ');
      print(i.index(), sb);
      sb.append(')');
    } else if (node instanceof Node.Unary u) {
      sb.append('(').append(u.op().symbol).append(' ');
      print(u.operand(), sb);
      sb.append(')');
    } else if (node instanceof Node.Binary b) {
      sb.append('(').append(b.op().symbol).append(' ');
      print(b.left(), sb);
      sb.append(' ');
      print(b.right(), sb);
      sb.append(')');
    } else if (node instanceof Node.ListLiteral l) {
      sb.append("(list");
      for (Node e : l.elements()) {
        sb.append(' ');
        print(e, sb);
      }
      sb.append(')');
    } else if (node instanceof Node.SetLiteral s) {
      sb.append("(set");
      for (Node e : s.elements()) {
        sb.append(' ');
        print(e, sb);
      }
      sb.append(')');
    } else if (node instanceof Node.Lambda l) {
      sb.append("(lambda (").append(String.join(" ", l.params())).append(") ");
      print(l.body(), sb);
      sb.append(')');
    }
  }
}
