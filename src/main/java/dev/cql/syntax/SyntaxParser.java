package dev.cql.syntax;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.lang.Node;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Source text to AST. Parses in SLL mode and falls back to full LL only when SLL fails; turns every ANTLR
 * complaint into a {@link CqlException} of kind {@code syntax} that says in words what was expected, and
 * bounds length and nesting with {@code limit} errors before ANTLR can recurse deeply.
 */
public final class SyntaxParser {

  /** Longest accepted source, in characters. */
  public static final int MAX_LENGTH = dev.cql.lang.Limit.SOURCE_LENGTH.intValue();
  /** Deepest accepted bracket / prefix-operator nesting. */
  public static final int MAX_NESTING = dev.cql.lang.Limit.NESTING.intValue();
  /** Deepest accepted AST (long operator chains count too). */
  public static final int MAX_DEPTH = dev.cql.lang.Limit.TREE_DEPTH.intValue();

  private SyntaxParser() {}

  /** The AST, legacy forms as written (see {@code dev.cql.check.LegacyForms}). */
  public record Result(Node ast) {}

  public static Result parse(String source) {
    if (source == null) {
      throw new CqlException(ErrorKind.SYNTAX, Span.NONE, "expected an expression, found nothing", "", null);
    }
    if (source.length() > MAX_LENGTH) {
      throw new CqlException(ErrorKind.LIMIT, Span.NONE,
          "the expression is " + source.length() + " characters long; " + dev.cql.lang.Limit.SOURCE_LENGTH.explain(), null, null);
    }
    try {
      CqlLexer lexer = new CqlLexer(CharStreams.fromString(source));
      lexer.removeErrorListeners();
      CommonTokenStream tokens = new CommonTokenStream(lexer);
      tokens.fill();
      checkNesting(tokens.getTokens(), source);

      CqlParser parser = new CqlParser(tokens);
      parser.removeErrorListeners();
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      CqlParser.ExpressionContext tree;
      try {
        tree = parser.expression();
      } catch (ParseCancellationException sllFailed) {
        tokens.seek(0);
        parser.reset();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        parser.setErrorHandler(new SyntaxErrorStrategy(source));
        tree = parser.expression();
      }
      return new Result(new AstBuilder().build(tree));
    } catch (CqlException e) {
      throw e.withSource(source);
    } catch (StackOverflowError e) {
      throw new CqlException(ErrorKind.LIMIT, Span.NONE, "the expression is nested too deeply; " + dev.cql.lang.Limit.NESTING.explain(), source, null);
    }
  }

  private static void checkNesting(List<Token> tokens, String source) {
    int depth = 0;
    int prefixRun = 0;
    for (Token t : tokens) {
      if (t.getChannel() != Token.DEFAULT_CHANNEL) {
        continue;
      }
      switch (t.getType()) {
        case CqlLexer.LPAREN, CqlLexer.LBRACK, CqlLexer.LBRACE -> depth++;
        case CqlLexer.RPAREN, CqlLexer.RBRACK, CqlLexer.RBRACE -> depth = Math.max(0, depth - 1);
        default -> { }
      }
      boolean prefix = t.getType() == CqlLexer.NOT || t.getType() == CqlLexer.BANG || t.getType() == CqlLexer.MINUS;
      prefixRun = prefix ? prefixRun + 1 : 0;
      if (depth + prefixRun > MAX_NESTING) {
        throw new CqlException(ErrorKind.LIMIT, Tokens.span(t),
            "the expression nests more than " + MAX_NESTING + " levels deep; " + dev.cql.lang.Limit.NESTING.explain(), source, null);
      }
    }
  }
}
