package dev.cql.syntax;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Stops at the first syntax error and reports it in words: what was expected (an expression, an
 * identifier, a closing bracket...), after which token, and what was found instead.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

  private static final int[] EXPRESSION_START = {
    CqlLexer.NUMBER, CqlLexer.STRING, CqlLexer.TRUE, CqlLexer.FALSE, CqlLexer.NULL, CqlLexer.IDENT,
    CqlLexer.QUOTED_IDENT, CqlLexer.LPAREN, CqlLexer.LBRACK, CqlLexer.LBRACE, CqlLexer.MINUS, CqlLexer.NOT,
    CqlLexer.BANG
  };
  private static final int[] OPERATORS = {
    CqlLexer.OR, CqlLexer.PIPEPIPE, CqlLexer.AND, CqlLexer.AMPAMP, CqlLexer.EQEQ, CqlLexer.NEQ,
    CqlLexer.ASSIGN, CqlLexer.LT, CqlLexer.LE, CqlLexer.GT, CqlLexer.GE, CqlLexer.IN, CqlLexer.PLUS,
    CqlLexer.MINUS, CqlLexer.STAR, CqlLexer.SLASH, CqlLexer.PERCENT, CqlLexer.DOT, CqlLexer.LBRACK
  };
  private static final int[] COMPARISONS = {
    CqlLexer.EQEQ, CqlLexer.NEQ, CqlLexer.ASSIGN, CqlLexer.LT, CqlLexer.LE, CqlLexer.GT, CqlLexer.GE, CqlLexer.IN
  };

  private final String source;

  SyntaxErrorStrategy(String source) {
    this.source = source;
  }

  @Override
  public void reportError(Parser recognizer, RecognitionException e) {
    Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : recognizer.getCurrentToken();
    IntervalSet expected;
    try {
      expected = e.getExpectedTokens();
    } catch (RuntimeException ignored) {
      expected = null;
    }
    if (expected == null || expected.isNil()) {
      expected = recognizer.getExpectedTokens();
    }
    throw error(recognizer, offending, expected);
  }

  @Override
  protected void reportUnwantedToken(Parser recognizer) {
    throw error(recognizer, recognizer.getCurrentToken(), recognizer.getExpectedTokens());
  }

  @Override
  protected void reportMissingToken(Parser recognizer) {
    throw error(recognizer, recognizer.getCurrentToken(), recognizer.getExpectedTokens());
  }

  @Override
  public Token recoverInline(Parser recognizer) {
    throw error(recognizer, recognizer.getCurrentToken(), recognizer.getExpectedTokens());
  }

  @Override
  public void recover(Parser recognizer, RecognitionException e) {
    reportError(recognizer, e);
  }

  private CqlException error(Parser recognizer, Token offending, IntervalSet expected) {
    Span at = Tokens.span(offending);
    String found = describeFound(offending);
    if (offending.getType() == CqlLexer.UNTERMINATED_STRING) {
      int end = offending.getStopIndex() + 1;
      if (end < source.length() && source.charAt(end) == '\\') {
        // the string stopped at a backslash the lexer could not read as an escape
        String bad = source.substring(end, Math.min(source.length(), end + (end + 1 < source.length() && source.charAt(end + 1) == 'u' ? 6 : 2)));
        return new CqlException(ErrorKind.SYNTAX, at, "invalid escape '" + bad.replaceAll("[\\p{Cntrl}]", "?") + "' in a string:"
            + " write \\\" \\' \\\\ \\/ \\b \\f \\n \\r \\t, or \\u and four hex digits", source, null);
      }
      return new CqlException(ErrorKind.SYNTAX, at, "unterminated string: add the closing quote", source, null);
    }
    if (offending.getType() == CqlLexer.UNTERMINATED_COMMENT) {
      return new CqlException(ErrorKind.SYNTAX, at, "unterminated comment: add the closing '*/'", source, null);
    }
    if (offending.getType() == CqlLexer.QUOTED_IDENT && offending.getText().length() < 2) {
      return new CqlException(ErrorKind.SYNTAX, at, "unterminated backquoted name", source, null);
    }
    Token previous = previous(recognizer.getInputStream(), offending);
    String expectedWords = describeExpected(expected);
    if (previous != null && endsOperand(previous.getType()) && !expectedWords.contains("an operator")
        && !expectedWords.contains("an expression")) {
      expectedWords = addWord(expectedWords, "an operator");
    }
    StringBuilder msg = new StringBuilder("expected ").append(expectedWords);
    if (previous != null) {
      msg.append(" after '").append(previous.getText()).append('\'');
    }
    msg.append(", found ").append(found);
    if (contains(COMPARISONS, offending.getType()) && !contains(expected, COMPARISONS)) {
      msg.append(" (comparisons do not chain: join them with AND, as in 'a < b AND b < c')");
    }
    return new CqlException(ErrorKind.SYNTAX, at, msg.toString(), source, null);
  }

  private static Token previous(TokenStream tokens, Token offending) {
    for (int i = offending.getTokenIndex() - 1; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        return t;
      }
    }
    return null;
  }

  static String describeFound(Token t) {
    return switch (t.getType()) {
      case Token.EOF -> "end of input";
      case CqlLexer.BAD_CHAR -> "unexpected character '" + t.getText() + "'";
      case CqlLexer.STRING -> "the string " + t.getText();
      case CqlLexer.NUMBER -> "the number " + t.getText();
      case CqlLexer.IDENT, CqlLexer.QUOTED_IDENT -> "the name '" + t.getText() + "'";
      default -> "'" + t.getText() + "'";
    };
  }

  static String describeExpected(IntervalSet expected) {
    List<String> words = new ArrayList<>();
    boolean expression = expected.contains(CqlLexer.NUMBER) && expected.contains(CqlLexer.IDENT);
    if (!expression && expected.contains(CqlLexer.IDENT) && expected.contains(CqlLexer.NULL)) {
      return "<identifier>"; // a member name after '.', where keywords are names too
    }
    if (expression) {
      words.add("an expression");
    } else if (expected.contains(CqlLexer.IDENT) || expected.contains(CqlLexer.QUOTED_IDENT)) {
      words.add("<identifier>");
    }
    int[][] punct = {
      {CqlLexer.COMMA}, {CqlLexer.RPAREN}, {CqlLexer.RBRACK}, {CqlLexer.RBRACE}, {CqlLexer.ARROW}, {CqlLexer.LPAREN}
    };
    String[] punctWords = {"','", "')'", "']'", "'}'", "'=>'", "'('"};
    for (int i = 0; i < punct.length; i++) {
      if (expected.contains(punct[i][0]) && !(expression && punct[i][0] == CqlLexer.LPAREN)) {
        words.add(punctWords[i]);
      }
    }
    int operators = 0;
    for (int op : OPERATORS) {
      if (expected.contains(op) && !(expression && (op == CqlLexer.MINUS || op == CqlLexer.LBRACK))) {
        operators++;
      }
    }
    if (operators > 2) {
      words.add("an operator");
    } else if (operators > 0) {
      for (int op : OPERATORS) {
        if (expected.contains(op) && !(expression && (op == CqlLexer.MINUS || op == CqlLexer.LBRACK))) {
          words.add("'" + opWord(op) + "'");
        }
      }
    }
    if (expected.contains(Token.EOF)) {
      words.add("end of input");
    }
    if (words.isEmpty()) {
      return expected.toString(CqlLexer.VOCABULARY);
    }
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }

  private static boolean endsOperand(int type) {
    return switch (type) {
      case CqlLexer.NUMBER, CqlLexer.STRING, CqlLexer.IDENT, CqlLexer.QUOTED_IDENT, CqlLexer.TRUE, CqlLexer.FALSE,
          CqlLexer.NULL, CqlLexer.RPAREN, CqlLexer.RBRACK, CqlLexer.RBRACE -> true;
      default -> false;
    };
  }

  /** Adds a word to an "a, b or c" list, before "end of input" if present. */
  private static String addWord(String words, String word) {
    List<String> parts = new ArrayList<>(List.of(words.replace(" or ", ", ").split(", ")));
    int at = parts.indexOf("end of input");
    parts.add(at < 0 ? parts.size() : at, word);
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
  }

  private static String opWord(int op) {
    return switch (op) {
      case CqlLexer.OR -> "OR";
      case CqlLexer.AND -> "AND";
      case CqlLexer.IN -> "in";
      default -> CqlLexer.VOCABULARY.getLiteralName(op).replace("'", "");
    };
  }

  private static boolean contains(int[] set, int type) {
    for (int t : set) {
      if (t == type) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(IntervalSet set, int[] types) {
    for (int t : types) {
      if (set.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
