package dev.cql.syntax;

import dev.cql.lang.Literals;
import dev.cql.lang.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an AST as one-line S-expressions, the form {@code cql parse} shows:
 * {@code 1 + 2 * 3} is {@code (+ 1 (* 2 3))}; calls are {@code (call name args...)}, methods
 * {@code (method name target args...)}, named arguments {@code name=value}. {@link #shape} gives the same
 * form one level at a time, for printers that break it over lines (the REPL's {@code :explain}).
 */
public final class AstPrinter {

  private AstPrinter() {}

  /** One child in the printed form: a labelled node ({@code name=} for named arguments) or a bare word. */
  public record Part(String label, Node node, String word) {
    static Part of(Node n) {
      return new Part("", n, null);
    }
  }

  /** A node in the printed form: a leaf's text, or a head ({@code +}, {@code call f}) and its parts. */
  public record Shape(String leaf, String head, List<Part> parts) {}

  public static String print(Node node) {
    StringBuilder sb = new StringBuilder();
    print(node, sb);
    return sb.toString();
  }

  private static void print(Node node, StringBuilder sb) {
    Shape s = shape(node);
    if (s.leaf() != null) {
      sb.append(s.leaf());
      return;
    }
    sb.append('(').append(s.head());
    for (Part p : s.parts()) {
      sb.append(' ').append(p.label());
      if (p.word() != null) {
        sb.append(p.word());
      } else {
        print(p.node(), sb);
      }
    }
    sb.append(')');
  }

  public static Shape shape(Node node) {
    return node.accept(SHAPES);
  }

  private static Shape leaf(String text) {
    return new Shape(text, null, List.of());
  }

  private static Shape of(String head, List<Part> parts) {
    return new Shape(null, head, parts);
  }

  private static List<Part> all(List<Node> nodes) {
    List<Part> out = new ArrayList<>(nodes.size());
    nodes.forEach(n -> out.add(Part.of(n)));
    return out;
  }

  private static final Node.Visitor<Shape> SHAPES = new Node.Visitor<>() {
    @Override
    public Shape visitLiteral(Node.Literal node) {
      return leaf(Literals.format(node.value()));
    }

    @Override
    public Shape visitName(Node.Name node) {
      return leaf(node.name());
    }

    @Override
    public Shape visitMember(Node.Member node) {
      return of(".", List.of(Part.of(node.target()), new Part("", null, node.name())));
    }

    @Override
    public Shape visitCall(Node.Call node) {
      List<Part> parts = new ArrayList<>();
      if (node.target() != null) {
        parts.add(Part.of(node.target()));
      }
      for (Node.Argument a : node.args()) {
        String label = a.name() == null ? "" : a.name() + (a.shorthand() ? "[]=" : "=");
        parts.add(new Part(label, a.value(), null));
      }
      return of((node.target() == null ? "call " : "method ") + node.name(), parts);
    }

    @Override
    public Shape visitIndex(Node.Index node) {
      return of("index", List.of(Part.of(node.target()), Part.of(node.index())));
    }

    @Override
    public Shape visitUnary(Node.Unary node) {
      return of(node.op().symbol, List.of(Part.of(node.operand())));
    }

    @Override
    public Shape visitBinary(Node.Binary node) {
      return of(node.op().symbol, List.of(Part.of(node.left()), Part.of(node.right())));
    }

    @Override
    public Shape visitList(Node.ListLiteral node) {
      return of("list", all(node.elements()));
    }

    @Override
    public Shape visitSet(Node.SetLiteral node) {
      return of("set", all(node.elements()));
    }

    @Override
    public Shape visitLambda(Node.Lambda node) {
      return of("lambda (" + String.join(" ", node.params()) + ")", List.of(Part.of(node.body())));
    }
  };
}
