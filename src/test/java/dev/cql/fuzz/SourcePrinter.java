package dev.cql.fuzz;

import dev.cql.lang.Literals;
import dev.cql.lang.Node;
import dev.cql.lang.Num;
import java.util.Locale;
import java.util.Set;

/**
 * Prints an AST back as CQL source, with the fewest parentheses the grammar's precedence needs. Used by the
 * round-trip property (source to AST to source to the same AST) and by the grammar-aware mutator, which
 * edits trees and prints them. Lambdas print only as call arguments, as the grammar allows.
 */
final class SourcePrinter {

  private SourcePrinter() {}

  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "true", "false", "null");

  // precedence, loosest first: OR 1, AND 2, NOT 3, comparison 4, additive 5, multiplicative 6, unary minus 7,
  // postfix 8, primary 9
  static String print(Node node) {
    StringBuilder sb = new StringBuilder();
    print(node, 1, sb);
    return sb.toString();
  }

  private static int precedence(Node n) {
    if (n instanceof Node.Binary b) {
      return switch (b.op()) {
        case OR -> 1;
        case AND -> 2;
        case EQ, NE, LT, LE, GT, GE, IN -> 4;
        case ADD, SUB -> 5;
        case MUL, DIV, MOD -> 6;
      };
    }
    if (n instanceof Node.Unary u) {
      return u.op() == Node.UnaryOp.NOT ? 3 : 7;
    }
    if (n instanceof Node.Literal l && Literals.format(l.value()).startsWith("-")) {
      return 7;
    }
    if (n instanceof Node.Member || n instanceof Node.Index || (n instanceof Node.Call c && c.target() != null)) {
      return 8;
    }
    if (n instanceof Node.Lambda) {
      return 0;
    }
    return 9;
  }

  private static void print(Node n, int min, StringBuilder sb) {
    boolean parens = precedence(n) < min;
    if (parens) {
      sb.append('(');
    }
    if (n instanceof Node.Literal l) {
      sb.append(Literals.format(l.value()));
    } else if (n instanceof Node.Name m) {
      name(m.name(), sb);
    } else if (n instanceof Node.Member m) {
      print(m.target(), 8, sb);
      sb.append('.');
      name(m.name(), sb);
    } else if (n instanceof Node.Call c) {
      if (c.target() != null) {
        print(c.target(), 8, sb);
        sb.append('.');
      }
      name(c.name(), sb);
      sb.append('(');
      for (int i = 0; i < c.args().size(); i++) {
        sb.append(i == 0 ? "" : ", ");
        argument(c.args().get(i), sb);
      }
      sb.append(')');
    } else if (n instanceof Node.Index i) {
      print(i.target(), 8, sb);
      sb.append('[');
      print(i.index(), 1, sb);
      sb.append(']');
    } else if (n instanceof Node.Unary u && u.op() == Node.UnaryOp.NEG && u.operand() instanceof Node.Literal l
        && l.value() instanceof Number num && !(Num.compare(num, 0L) > 0)) {
      // The parser folds '-' into a number literal unless the operand is itself a negation, so this tree
      // comes from '--N' (inner '-N' folded, outer kept): print it that way, or '-0' would fold to 0.
      sb.append("--").append(Literals.format(Num.negate(num)));
    } else if (n instanceof Node.Unary u) {
      sb.append(u.op() == Node.UnaryOp.NOT ? "NOT " : "-");
      print(u.operand(), u.op() == Node.UnaryOp.NOT ? 3 : 7, sb);
    } else if (n instanceof Node.Binary b) {
      int p = precedence(b);
      print(b.left(), p == 4 ? 5 : p, sb);
      sb.append(' ').append(b.legacy() ? "=" : b.op().symbol).append(' ');
      print(b.right(), p == 4 ? 5 : p + 1, sb);
    } else if (n instanceof Node.ListLiteral l) {
      sb.append('[');
      elements(l.elements(), sb);
      sb.append(']');
    } else if (n instanceof Node.SetLiteral s) {
      sb.append('{');
      elements(s.elements(), sb);
      sb.append('}');
    } else if (n instanceof Node.Lambda l) {
      lambda(l, sb);
    }
    if (parens) {
      sb.append(')');
    }
  }

  private static void argument(Node.Argument a, StringBuilder sb) {
    if (a.value() instanceof Node.Lambda l) {
      lambda(l, sb);
      return;
    }
    if (a.shorthand() && a.name() != null && a.value() instanceof Node.ListLiteral list) {
      name(a.name(), sb);
      sb.append('[');
      elements(list.elements(), sb);
      sb.append(']');
      return;
    }
    if (a.name() != null) {
      name(a.name(), sb);
      sb.append(" = ");
    }
    print(a.value(), 1, sb);
  }

  private static void lambda(Node.Lambda l, StringBuilder sb) {
    if (l.params().size() == 1) {
      name(l.params().get(0), sb);
    } else {
      sb.append('(');
      for (int i = 0; i < l.params().size(); i++) {
        sb.append(i == 0 ? "" : ", ");
        name(l.params().get(i), sb);
      }
      sb.append(')');
    }
    sb.append(" => ");
    print(l.body(), 1, sb);
  }

  private static void elements(java.util.List<Node> elements, StringBuilder sb) {
    for (int i = 0; i < elements.size(); i++) {
      sb.append(i == 0 ? "" : ", ");
      print(elements.get(i), 1, sb);
    }
  }

  private static void name(String name, StringBuilder sb) {
    boolean plain = name.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT));
    sb.append(plain ? name : "`" + name + "`");
  }
}
