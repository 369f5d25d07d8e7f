package dev.cql.syntax;

import dev.cql.api.error.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Spans from ANTLR tokens and contexts. */
final class Tokens {

  private Tokens() {}

  static Span span(Token t) {
    int start = t.getStartIndex();
    int end = t.getType() == Token.EOF ? start : t.getStopIndex() + 1;
    return new Span(start, Math.max(start, end), t.getLine(), t.getCharPositionInLine() + 1);
  }

  static Span span(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop() == null ? start : ctx.getStop();
    int end = stop.getType() == Token.EOF ? stop.getStartIndex() : stop.getStopIndex() + 1;
    return new Span(start.getStartIndex(), Math.max(start.getStartIndex(), end), start.getLine(),
        start.getCharPositionInLine() + 1);
  }
}
