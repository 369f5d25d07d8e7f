package dev.cql.repl;

import dev.cql.lang.Node;
import dev.cql.syntax.AstPrinter;
import java.util.ArrayList;
import java.util.List;

/**
 * The AST as {@code cql parse} prints it (S-expressions, {@link AstPrinter}), broken over indented lines where
 * a subtree does not fit the width: the form {@code :explain} shows.
 */
final class AstTree {

  private AstTree() {}

  private record Child(String label, Node node, String leaf) {
    String flat() {
      return leaf != null ? leaf : label + AstPrinter.print(node);
    }
  }

  static String print(Node node, int width) {
    StringBuilder sb = new StringBuilder();
    print(new Child("", node, null), 0, width, sb);
    return sb.toString();
  }

  private static void print(Child c, int indent, int width, StringBuilder sb) {
    String flat = c.flat();
    List<Child> children = c.leaf != null ? List.of() : children(c.node);
    if (children.isEmpty() || indent + flat.length() <= width) {
      sb.append(" ".repeat(indent)).append(flat);
      return;
    }
    sb.append(" ".repeat(indent)).append(c.label).append('(').append(head(c.node));
    for (Child k : children) {
      sb.append('\n');
      print(k, indent + 2, width, sb);
    }
    sb.append(')');
  }

  private static String head(Node n) {
    if (n instanceof Node.Member) {
      return ".";
    } else if (n instanceof Node.Call call) {
      return call.target() == null ? "call " + call.name() : "method " + call.name();
    } else if (n instanceof Node.Index) {
      return "index";
    } else if (n instanceof Node.Unary u) {
      return u.op().symbol;
    } else if (n instanceof Node.Binary b) {
      return b.op().symbol;
    } else if (n instanceof Node.ListLiteral) {
      return "list";
    } else if (n instanceof Node.SetLiteral) {
      return "set";
    } else if (n instanceof Node.Lambda l) {
      return "lambda (" + String.join(" ", l.params()) + ")";
    }
    return "";
  }

  private static List<Child> children(Node n) {
    List<Child> out = new ArrayList<>();
    if (n instanceof Node.Member m) {
      out.add(new Child("", m.target(), null));
      out.add(new Child("", null, m.name()));
    } else if (n instanceof Node.Call call) {
      if (call.target() != null) {
        out.add(new Child("", call.target(), null));
      }
      for (Node.Argument a : call.args()) {
        String label = a.name() == null ? "" : a.name() + (a.shorthand() ? "[]=" : "=");
        out.add(new Child(label, a.value(), null));
      }
    } else if (n instanceof Node.Index i) {
      out.add(new Child("", i.target(), null));
      out.add(new Child("", i.index(), null));
    } else if (n instanceof Node.Unary u) {
      out.add(new Child("", u.operand(), null));
    } else if (n instanceof Node.Binary b) {
      out.add(new Child("", b.left(), null));
      out.add(new Child("", b.right(), null));
    } else if (n instanceof Node.ListLiteral l) {
      l.elements().forEach(e -> out.add(new Child("", e, null)));
    } else if (n instanceof Node.SetLiteral s) {
      s.elements().forEach(e -> out.add(new Child("", e, null)));
    } else if (n instanceof Node.Lambda l) {
      out.add(new Child("", l.body(), null));
    }
    return out;
  }
}
