package dev.cql.repl;

import dev.cql.lang.Declarations;
import dev.cql.syntax.CqlLexer;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the input line by the language's token types: keywords, strings, numbers, namespaces and calls,
 * comments, and what the lexer cannot read (an unterminated string, a stray character) in red. A command line
 * ({@code :entity ...}) shows its command name; {@code :explain} highlights its expression.
 */
public final class ReplHighlighter implements Highlighter {

  static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
  static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  static final AttributedStyle NAMESPACE = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
  static final AttributedStyle CALL = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT);
  static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).underline();
  static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);

  private final Declarations registry;

  public ReplHighlighter(Declarations registry) {
    this.registry = registry;
  }

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    AttributedStringBuilder sb = new AttributedStringBuilder();
    int lead = 0;
    while (lead < buffer.length() && Character.isWhitespace(buffer.charAt(lead))) {
      lead++;
    }
    if (lead < buffer.length() && buffer.charAt(lead) == ':') {
      int end = lead;
      while (end < buffer.length() && !Character.isWhitespace(buffer.charAt(end))) {
        end++;
      }
      sb.append(buffer.substring(0, lead));
      sb.styled(COMMAND, buffer.substring(lead, end));
      if (buffer.substring(lead, end).equals(":explain")) {
        expression(buffer.substring(end), sb);
      } else {
        sb.append(buffer.substring(end));
      }
      return sb.toAttributedString();
    }
    expression(buffer, sb);
    return sb.toAttributedString();
  }

  private void expression(String text, AttributedStringBuilder sb) {
    List<Token> tokens = InputScanner.allTokens(text);
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      AttributedStyle style = style(t, tokens, i);
      if (style == null) {
        sb.append(t.getText());
      } else {
        sb.styled(style, t.getText());
      }
    }
  }

  /** The style of a token, or null for plain text. */
  AttributedStyle style(Token t, List<Token> tokens, int i) {
    return switch (t.getType()) {
      case CqlLexer.AND, CqlLexer.OR, CqlLexer.NOT, CqlLexer.IN, CqlLexer.TRUE, CqlLexer.FALSE, CqlLexer.NULL -> KEYWORD;
      case CqlLexer.STRING -> STRING;
      case CqlLexer.NUMBER -> NUMBER;
      case CqlLexer.LINE_COMMENT, CqlLexer.BLOCK_COMMENT -> COMMENT;
      case CqlLexer.UNTERMINATED_STRING, CqlLexer.UNTERMINATED_COMMENT, CqlLexer.BAD_CHAR -> ERROR;
      case CqlLexer.IDENT, CqlLexer.QUOTED_IDENT -> {
        boolean member = previousCode(tokens, i) == CqlLexer.DOT;
        if (!member && registry.namespace(t.getText()) != null) {
          yield NAMESPACE;
        }
        yield nextCode(tokens, i) == CqlLexer.LPAREN ? CALL : null;
      }
      default -> null;
    };
  }

  private static int previousCode(List<Token> tokens, int i) {
    for (int k = i - 1; k >= 0; k--) {
      if (tokens.get(k).getChannel() == Token.DEFAULT_CHANNEL) {
        return tokens.get(k).getType();
      }
    }
    return Token.EOF;
  }

  private static int nextCode(List<Token> tokens, int i) {
    for (int k = i + 1; k < tokens.size(); k++) {
      if (tokens.get(k).getChannel() == Token.DEFAULT_CHANNEL) {
        return tokens.get(k).getType();
      }
    }
    return Token.EOF;
  }
}
