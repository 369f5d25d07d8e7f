package dev.cql.repl;

import dev.cql.syntax.CqlLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Looks at REPL input with the language's own lexer: whether it is complete (no bracket or block comment
 * left open), which closer is missing, and its tokens (for highlighting and completion).
 */
final class InputScanner {

  private InputScanner() {}

  /** Every token of the text, hidden-channel ones (white space, comments) included, without EOF. */
  static List<Token> allTokens(String text) {
    CqlLexer lexer = new CqlLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    List<Token> out = new ArrayList<>();
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      out.add(t);
    }
    return out;
  }

  /** The tokens the parser sees (white space and comments dropped). */
  static List<Token> codeTokens(String text) {
    List<Token> out = new ArrayList<>();
    for (Token t : allTokens(text)) {
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * What the input still needs before it can be evaluated: the closers of its open brackets, innermost first
   * ({@code ")]"}), {@code "*&#47;"} for an open block comment, or null when it is complete. A closer with no
   * opener, or a string left open, make the input complete: more lines cannot fix them (CQL strings do not
   * span lines), so it is evaluated and the syntax error shown at once.
   */
  static String missing(String text) {
    Continuation c = new Continuation();
    c.feed(text);
    return c.missing();
  }

  /**
   * {@link #missing} for input that arrives a line at a time, in time linear in the input: each line is lexed
   * once, with the open brackets and an open block comment carried over (CQL tokens other than block comments
   * never span lines). Piped input of 40,000 lines of {@code (a} re-lexed the whole buffer per line: 64 s.
   */
  static final class Continuation {
    private final Deque<Character> open = new ArrayDeque<>();
    private boolean inComment;
    private boolean broken;

    /** Adds a line; true when the input so far is complete (balanced, or unfixable by more lines). */
    boolean feed(String line) {
      String rest = line;
      if (inComment) {
        int end = rest.indexOf("*/");
        if (end < 0) {
          return false;
        }
        inComment = false;
        rest = rest.substring(end + 2);
      }
      for (Token t : allTokens(rest)) {
        switch (t.getType()) {
          case CqlLexer.LPAREN -> open.push(')');
          case CqlLexer.LBRACK -> open.push(']');
          case CqlLexer.LBRACE -> open.push('}');
          case CqlLexer.RPAREN, CqlLexer.RBRACK, CqlLexer.RBRACE -> {
            char c = t.getText().charAt(0);
            if (open.isEmpty() || open.peek() != c) {
              broken = true;
            } else {
              open.pop();
            }
          }
          case CqlLexer.UNTERMINATED_STRING -> broken = true;
          case CqlLexer.UNTERMINATED_COMMENT -> inComment = true;
          default -> { }
        }
      }
      return broken || (open.isEmpty() && !inComment);
    }

    /** What the input fed so far still needs ({@link InputScanner#missing}), or null when it is complete. */
    String missing() {
      if (broken || (open.isEmpty() && !inComment)) {
        return null;
      }
      StringBuilder sb = new StringBuilder();
      if (inComment) {
        sb.append("*/");
      }
      open.forEach(sb::append);
      return sb.toString();
    }

    void reset() {
      open.clear();
      inComment = false;
      broken = false;
    }
  }

  static boolean isComplete(String text) {
    return missing(text) == null;
  }
}
