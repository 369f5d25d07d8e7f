package dev.cql.fuzz;

import dev.cql.lang.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Walking and rebuilding ASTs (pre-order numbering of expression nodes). */
final class Trees {

  private Trees() {}

  static void walk(Node n, Consumer<Node> visit) {
    if (n == null) {
      return;
    }
    visit.accept(n);
    for (Node c : children(n)) {
      walk(c, visit);
    }
  }

  static int size(Node n) {
    int[] count = {0};
    walk(n, x -> count[0]++);
    return count[0];
  }

  static int depth(Node n) {
    int d = 0;
    for (Node c : children(n)) {
      d = Math.max(d, depth(c));
    }
    return d + 1;
  }

  static List<Node> children(Node n) {
    List<Node> out = new ArrayList<>();
    if (n instanceof Node.Member m) {
      out.add(m.target());
    } else if (n instanceof Node.Call c) {
      if (c.target() != null) {
        out.add(c.target());
      }
      c.args().forEach(a -> out.add(a.value()));
    } else if (n instanceof Node.Index i) {
      out.add(i.target());
      out.add(i.index());
    } else if (n instanceof Node.Unary u) {
      out.add(u.operand());
    } else if (n instanceof Node.Binary b) {
      out.add(b.left());
      out.add(b.right());
    } else if (n instanceof Node.ListLiteral l) {
      out.addAll(l.elements());
    } else if (n instanceof Node.SetLiteral s) {
      out.addAll(s.elements());
    } else if (n instanceof Node.Lambda l) {
      out.add(l.body());
    }
    return out;
  }

  /** The tree with its {@code index}-th node (pre-order) replaced by {@code f} applied to it. */
  static Node replace(Node root, int index, UnaryOperator<Node> f) {
    int[] counter = {index};
    return replace(root, counter, f);
  }

  private static Node replace(Node n, int[] counter, UnaryOperator<Node> f) {
    if (counter[0] < 0) {
      return n;
    }
    if (counter[0]-- == 0) {
      return f.apply(n);
    }
    if (n instanceof Node.Member m) {
      return new Node.Member(m.span(), replace(m.target(), counter, f), m.name(), m.nameSpan());
    }
    if (n instanceof Node.Call c) {
      Node target = c.target() == null ? null : replace(c.target(), counter, f);
      List<Node.Argument> args = new ArrayList<>();
      for (Node.Argument a : c.args()) {
        Node v = replace(a.value(), counter, f);
        boolean keepShorthand = a.shorthand() && v instanceof Node.ListLiteral;
        args.add(new Node.Argument(a.span(), a.name(), a.nameSpan(), v, keepShorthand, keepShorthand ? a.fallback() : null));
      }
      return new Node.Call(c.span(), target, c.name(), c.nameSpan(), args);
    }
    if (n instanceof Node.Index i) {
      Node t = replace(i.target(), counter, f);
      return new Node.Index(i.span(), t, replace(i.index(), counter, f));
    }
    if (n instanceof Node.Unary u) {
      return new Node.Unary(u.span(), u.op(), replace(u.operand(), counter, f));
    }
    if (n instanceof Node.Binary b) {
      Node l = replace(b.left(), counter, f);
      return new Node.Binary(b.span(), b.op(), l, replace(b.right(), counter, f), b.opSpan(), b.legacy());
    }
    if (n instanceof Node.ListLiteral l) {
      List<Node> es = new ArrayList<>();
      l.elements().forEach(e -> es.add(replace(e, counter, f)));
      return new Node.ListLiteral(l.span(), es);
    }
    if (n instanceof Node.SetLiteral s) {
      List<Node> es = new ArrayList<>();
      s.elements().forEach(e -> es.add(replace(e, counter, f)));
      return new Node.SetLiteral(s.span(), es);
    }
    if (n instanceof Node.Lambda l) {
      return new Node.Lambda(l.span(), l.params(), replace(l.body(), counter, f));
    }
    return n;
  }
}
