package dev.cql.syntax;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.lang.Node.Argument;
import dev.cql.lang.Node.BinaryOp;
import dev.cql.lang.Node;
import dev.cql.lang.Num;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the immutable AST from the parse tree (a visitor over the generated contexts). Operator chains, flat
 * in the parse tree, are folded to the left here; the depth of the result is tracked so that a long chain is
 * a {@code limit} error rather than a stack overflow later. Legacy forms are kept as written (flagged on the
 * nodes); {@code dev.cql.check.LegacyForms} rewrites them, with their warnings.
 */
final class AstBuilder extends CqlBaseVisitor<Node> {

  private final Map<Node, Integer> depth = new IdentityHashMap<>();

  AstBuilder() {}

  Node build(CqlParser.ExpressionContext ctx) {
    return visit(ctx);
  }

  @Override
  public Node visitExpression(CqlParser.ExpressionContext ctx) {
    return visit(ctx.orExpr());
  }

  @Override
  public Node visitExpr(CqlParser.ExprContext ctx) {
    return visit(ctx.orExpr());
  }

  private Node expr(CqlParser.ExprContext ctx) {
    return visit(ctx);
  }

  @Override
  public Node visitOrExpr(CqlParser.OrExprContext ctx) {
    Node left = visit(ctx.andExpr(0));
    for (int i = 0; i < ctx.orOp().size(); i++) {
      left = binary(BinaryOp.OR, left, visit(ctx.andExpr(i + 1)), ctx.orOp(i), false);
    }
    return left;
  }

  @Override
  public Node visitAndExpr(CqlParser.AndExprContext ctx) {
    Node left = visit(ctx.notExpr(0));
    for (int i = 0; i < ctx.andOp().size(); i++) {
      left = binary(BinaryOp.AND, left, visit(ctx.notExpr(i + 1)), ctx.andOp(i), false);
    }
    return left;
  }

  @Override
  public Node visitNot(CqlParser.NotContext n) {
    Node operand = visit(n.notExpr());
    return track(new Node.Unary(Tokens.span(n), Node.UnaryOp.NOT, operand), operand);
  }

  @Override
  public Node visitNotPassthrough(CqlParser.NotPassthroughContext ctx) {
    return visit(ctx.comparison());
  }

  @Override
  public Node visitComparison(CqlParser.ComparisonContext ctx) {
    Node left = visit(ctx.additive(0));
    if (ctx.compOp() == null) {
      return left;
    }
    Node right = visit(ctx.additive(1));
    Token op = ctx.compOp().getStart();
    BinaryOp bop = switch (op.getType()) {
      case CqlLexer.EQEQ, CqlLexer.ASSIGN -> BinaryOp.EQ;
      case CqlLexer.NEQ -> BinaryOp.NE;
      case CqlLexer.LT -> BinaryOp.LT;
      case CqlLexer.LE -> BinaryOp.LE;
      case CqlLexer.GT -> BinaryOp.GT;
      case CqlLexer.GE -> BinaryOp.GE;
      default -> BinaryOp.IN;
    };
    boolean legacy = op.getType() == CqlLexer.ASSIGN;
    return binary(bop, left, right, ctx.compOp(), legacy);
  }

  @Override
  public Node visitAdditive(CqlParser.AdditiveContext ctx) {
    Node left = visit(ctx.multiplicative(0));
    for (int i = 0; i < ctx.addOp().size(); i++) {
      BinaryOp op = ctx.addOp(i).PLUS() != null ? BinaryOp.ADD : BinaryOp.SUB;
      left = binary(op, left, visit(ctx.multiplicative(i + 1)), ctx.addOp(i), false);
    }
    return left;
  }

  @Override
  public Node visitMultiplicative(CqlParser.MultiplicativeContext ctx) {
    Node left = visit(ctx.unary(0));
    for (int i = 0; i < ctx.mulOp().size(); i++) {
      CqlParser.MulOpContext m = ctx.mulOp(i);
      BinaryOp op = m.STAR() != null ? BinaryOp.MUL : m.SLASH() != null ? BinaryOp.DIV : BinaryOp.MOD;
      left = binary(op, left, visit(ctx.unary(i + 1)), m, false);
    }
    return left;
  }

  @Override
  public Node visitNegate(CqlParser.NegateContext n) {
    Node operand = visit(n.unary());
    Span span = Tokens.span(n);
    // Fold a negative number literal so that -9223372036854775808 is representable.
    if (operand instanceof Node.Literal lit && lit.value() instanceof Number num && !(n.unary() instanceof CqlParser.NegateContext)) {
      return track(new Node.Literal(span, Num.negate(num)));
    }
    return track(new Node.Unary(span, Node.UnaryOp.NEG, operand), operand);
  }

  @Override
  public Node visitUnaryPassthrough(CqlParser.UnaryPassthroughContext ctx) {
    return visit(ctx.postfix());
  }

  @Override
  public Node visitPostfix(CqlParser.PostfixContext ctx) {
    Node node = visit(ctx.primary());
    for (CqlParser.PostfixOpContext op : ctx.postfixOp()) {
      Span span = new Span(node.span().start(), Tokens.span(op).end(), node.span().line(), node.span().column());
      if (op instanceof CqlParser.MemberContext m) {
        String name = m.memberName().name() != null ? name(m.memberName().name()) : m.memberName().getText();
        Span nameSpan = Tokens.span(m.memberName());
        if (m.arguments() != null) {
          List<Argument> args = arguments(m.arguments());
          node = track(new Node.Call(span, node, name, nameSpan, args), node, args);
        } else {
          node = track(new Node.Member(span, node, name, nameSpan), node);
        }
      } else {
        CqlParser.IndexContext ix = (CqlParser.IndexContext) op;
        Node index = expr(ix.expr());
        node = track(new Node.Index(span, node, index), node, index);
      }
    }
    return node;
  }

  @Override
  public Node visitLiteralPrimary(CqlParser.LiteralPrimaryContext l) {
    return track(new Node.Literal(Tokens.span(l), literal(l.literal())));
  }

  @Override
  public Node visitNamePrimary(CqlParser.NamePrimaryContext n) {
    Span span = Tokens.span(n);
    String name = name(n.name());
    if (n.arguments() != null) {
      List<Argument> args = arguments(n.arguments());
      return track(new Node.Call(span, null, name, Tokens.span(n.name()), args), null, args);
    }
    return track(new Node.Name(span, name));
  }

  @Override
  public Node visitParens(CqlParser.ParensContext p) {
    return visit(p.expr());
  }

  @Override
  public Node visitListLiteral(CqlParser.ListLiteralContext l) {
    List<Node> elements = exprs(l.expr());
    return trackAll(new Node.ListLiteral(Tokens.span(l), elements), elements);
  }

  @Override
  public Node visitSetLiteral(CqlParser.SetLiteralContext s) {
    List<Node> elements = exprs(s.expr());
    return trackAll(new Node.SetLiteral(Tokens.span(s), elements), elements);
  }

  private List<Node> exprs(List<CqlParser.ExprContext> ctxs) {
    List<Node> out = new ArrayList<>(ctxs.size());
    for (CqlParser.ExprContext e : ctxs) {
      out.add(expr(e));
    }
    return out;
  }

  private List<Argument> arguments(CqlParser.ArgumentsContext ctx) {
    List<Argument> args = new ArrayList<>();
    boolean sawNamed = false;
    for (CqlParser.ArgumentContext a : ctx.argument()) {
      Span span = Tokens.span(a);
      Argument arg;
      if (a instanceof CqlParser.LambdaArgContext l) {
        List<String> params = new ArrayList<>();
        for (CqlParser.NameContext n : l.lambdaParams().name()) {
          String p = name(n);
          if (params.contains(p)) {
            throw new CqlException(ErrorKind.SYNTAX, Tokens.span(n), "the lambda parameter '" + p + "' is declared twice");
          }
          params.add(p);
        }
        Node body = expr(l.expr());
        arg = new Argument(span, null, null, track(new Node.Lambda(span, params, body), body), false, null);
      } else if (a instanceof CqlParser.NamedArgContext n) {
        arg = new Argument(span, name(n.name()), Tokens.span(n.name()), expr(n.expr()), false, null);
      } else if (a instanceof CqlParser.ShorthandArgContext s) {
        String name = name(s.name());
        Span nameSpan = Tokens.span(s.name());
        List<Node> elements = exprs(s.expr());
        Span listSpan = new Span(Tokens.span(s.LBRACK().getSymbol()).start(), span.end(),
            s.LBRACK().getSymbol().getLine(), s.LBRACK().getSymbol().getCharPositionInLine() + 1);
        Node list = trackAll(new Node.ListLiteral(listSpan, elements), elements);
        Node fallback = null;
        if (elements.size() == 1) {
          Node target = track(new Node.Name(nameSpan, name));
          fallback = track(new Node.Index(span, target, elements.get(0)), target, elements.get(0));
        }
        arg = new Argument(span, name, nameSpan, list, true, fallback);
      } else {
        arg = new Argument(span, null, null, expr(((CqlParser.PositionalArgContext) a).expr()), false, null);
      }
      boolean named = arg.name() != null && !(arg.shorthand() && arg.fallback() != null);
      if (arg.name() == null && sawNamed) {
        throw new CqlException(ErrorKind.SYNTAX, span,
            "positional arguments come before named ones: move this argument before the named arguments");
      }
      sawNamed |= named && !arg.shorthand();
      args.add(arg);
    }
    return args;
  }

  private Object literal(CqlParser.LiteralContext ctx) {
    if (ctx instanceof CqlParser.NumberContext n) {
      return number(n.NUMBER().getSymbol());
    }
    if (ctx instanceof CqlParser.StringContext s) {
      return unescape(s.STRING().getSymbol());
    }
    if (ctx instanceof CqlParser.TrueContext) {
      return Boolean.TRUE;
    }
    if (ctx instanceof CqlParser.FalseContext) {
      return Boolean.FALSE;
    }
    return null;
  }

  private Object number(Token t) {
    BigDecimal d;
    try {
      d = new BigDecimal(t.getText());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CqlException(ErrorKind.LIMIT, Tokens.span(t), "the number " + t.getText() + " is out of range");
    }
    if (!Num.inRange(d)) {
      throw new CqlException(ErrorKind.LIMIT, Tokens.span(t), "the number " + t.getText() + " is out of range");
    }
    return Num.normalize(d);
  }

  private String unescape(Token t) {
    String raw = t.getText();
    String body = raw.substring(1, raw.length() - 1);
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder sb = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(e); // \" \' \\ \/
      }
    }
    return sb.toString();
  }

  private static String name(CqlParser.NameContext ctx) {
    TerminalNode quoted = ctx.QUOTED_IDENT();
    if (quoted != null) {
      String text = quoted.getText();
      return text.substring(1, text.length() - 1);
    }
    return ctx.IDENT().getText();
  }

  private Node binary(BinaryOp op, Node left, Node right, ParserRuleContext opCtx, boolean legacy) {
    Span span = new Span(left.span().start(), right.span().end(), left.span().line(), left.span().column());
    return track(new Node.Binary(span, op, left, right, Tokens.span(opCtx), legacy), left, right);
  }

  private Node track(Node node, Node... children) {
    int d = 0;
    for (Node c : children) {
      if (c != null) {
        d = Math.max(d, depth.getOrDefault(c, 1));
      }
    }
    return record(node, d + 1);
  }

  private Node track(Node node, Node child, List<Argument> args) {
    int d = child == null ? 0 : depth.getOrDefault(child, 1);
    for (Argument a : args) {
      d = Math.max(d, depth.getOrDefault(a.value(), 1));
    }
    return record(node, d + 1);
  }

  private Node trackAll(Node node, List<Node> children) {
    int d = 0;
    for (Node c : children) {
      d = Math.max(d, depth.getOrDefault(c, 1));
    }
    return record(node, d + 1);
  }

  private Node record(Node node, int d) {
    if (d > SyntaxParser.MAX_DEPTH) {
      throw new CqlException(ErrorKind.LIMIT, node.span(),
          "the expression is nested more than " + SyntaxParser.MAX_DEPTH + " levels deep (long operator chains count); "
              + dev.cql.lang.Limit.TREE_DEPTH.explain());
    }
    depth.put(node, d);
    return node;
  }
}
