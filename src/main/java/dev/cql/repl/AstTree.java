package dev.cql.repl;

import dev.cql.lang.Node;
import dev.cql.syntax.AstPrinter.Part;
import dev.cql.syntax.AstPrinter.Shape;
import dev.cql.syntax.AstPrinter;

/**
 * The AST as {@code cql parse} prints it (S-expressions, {@link AstPrinter}), broken over indented lines where
 * a subtree does not fit the width: the form {@code :explain} shows. The shape of each node comes from
 * {@link AstPrinter#shape}, so the two forms cannot drift apart.
 */
final class AstTree {

  private AstTree() {}

  static String print(Node node, int width) {
    StringBuilder sb = new StringBuilder();
    print(new Part("", node, null), 0, width, sb);
    return sb.toString();
  }

  private static void print(Part p, int indent, int width, StringBuilder sb) {
    if (p.word() != null) {
      sb.append(" ".repeat(indent)).append(p.label()).append(p.word());
      return;
    }
    String flat = p.label() + AstPrinter.print(p.node());
    Shape s = AstPrinter.shape(p.node());
    if (s.leaf() != null || s.parts().isEmpty() || indent + flat.length() <= width) {
      sb.append(" ".repeat(indent)).append(flat);
      return;
    }
    sb.append(" ".repeat(indent)).append(p.label()).append('(').append(s.head());
    for (Part k : s.parts()) {
      sb.append('\n');
      print(k, indent + 2, width, sb);
    }
    sb.append(')');
  }
}
