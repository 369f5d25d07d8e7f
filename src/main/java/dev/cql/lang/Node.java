package dev.cql.lang;

import java.util.List;

/** The immutable AST. Every node carries the span of source it was parsed from. */
public sealed interface Node {

  Span span();

  /** A literal value: null, Boolean, Long, BigDecimal or String. */
  record Literal(Span span, Object value) implements Node {}

  /** A bare name: a variable, a lambda parameter or a namespace. */
  record Name(Span span, String name) implements Node {}

  /** {@code target.name}: a field, or a property such as {@code length}. */
  record Member(Span span, Node target, String name, Span nameSpan) implements Node {}

  /** {@code name(args)} when target is null, else the method call {@code target.name(args)}. */
  record Call(Span span, Node target, String name, Span nameSpan, List<Argument> args) implements Node {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code target[index]}. */
  record Index(Span span, Node target, Node index) implements Node {}

  record Unary(Span span, UnaryOp op, Node operand) implements Node {}

  /** A binary operation; {@code legacy} marks the legacy spelling {@code =} of {@code ==}. */
  record Binary(Span span, BinaryOp op, Node left, Node right, Span opSpan, boolean legacy) implements Node {}

  record ListLiteral(Span span, List<Node> elements) implements Node {
    public ListLiteral {
      elements = List.copyOf(elements);
    }
  }

  record SetLiteral(Span span, List<Node> elements) implements Node {
    public SetLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** {@code (a, b) => body}; only ever an argument. */
  record Lambda(Span span, List<String> params, Node body) implements Node {
    public Lambda {
      params = List.copyOf(params);
    }
  }

  /**
   * One call argument. {@code name} is null for a positional argument. A shorthand argument
   * {@code states["passed"]} has {@code shorthand} set: it means {@code states=["passed"]} when
   * {@code states} is a parameter of the callee, and otherwise the index expression {@code fallback}
   * (null when the brackets held other than one element).
   */
  record Argument(Span span, String name, Span nameSpan, Node value, boolean shorthand, Node fallback) {}

  enum UnaryOp {
    NEG("-"), NOT("NOT");

    public final String symbol;

    UnaryOp(String symbol) {
      this.symbol = symbol;
    }
  }

  enum BinaryOp {
    OR("OR"), AND("AND"), EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"),
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

    public final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }
  }
}
