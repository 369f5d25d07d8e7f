package dev.cql.lang;

import dev.cql.api.error.Span;
import java.util.List;

/**
 * The immutable AST. Every node carries the span of source it was parsed from. Code that handles every
 * kind of node implements {@link Visitor}, so that a new kind of node cannot be forgotten anywhere.
 */
public sealed interface Node {

  Span span();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of node. */
  interface Visitor<R> {
    R visitLiteral(Literal node);

    R visitName(Name node);

    R visitMember(Member node);

    R visitCall(Call node);

    R visitIndex(Index node);

    R visitUnary(Unary node);

    R visitBinary(Binary node);

    R visitList(ListLiteral node);

    R visitSet(SetLiteral node);

    R visitLambda(Lambda node);
  }

  /** A literal value: null, Boolean, Long, BigDecimal or String. */
  record Literal(Span span, Object value) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitLiteral(this);
    }
  }

  /** A bare name: a variable, a lambda parameter or a namespace. */
  record Name(Span span, String name) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitName(this);
    }
  }

  /** {@code target.name}: a field, or a property such as {@code length}. */
  record Member(Span span, Node target, String name, Span nameSpan) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitMember(this);
    }
  }

  /** {@code name(args)} when target is null, else the method call {@code target.name(args)}. */
  record Call(Span span, Node target, String name, Span nameSpan, List<Argument> args) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitCall(this);
    }

    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code target[index]}. */
  record Index(Span span, Node target, Node index) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitIndex(this);
    }
  }

  record Unary(Span span, UnaryOp op, Node operand) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitUnary(this);
    }
  }

  /** A binary operation; {@code legacy} marks the legacy spelling {@code =} of {@code ==}. */
  record Binary(Span span, BinaryOp op, Node left, Node right, Span opSpan, boolean legacy) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitBinary(this);
    }
  }

  record ListLiteral(Span span, List<Node> elements) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitList(this);
    }

    public ListLiteral {
      elements = List.copyOf(elements);
    }
  }

  record SetLiteral(Span span, List<Node> elements) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitSet(this);
    }

    public SetLiteral {
      elements = List.copyOf(elements);
    }
  }

  /** {@code (a, b) => body}; only ever an argument. */
  record Lambda(Span span, List<String> params, Node body) implements Node {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitLambda(this);
    }

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
