package dev.cql.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * The REPL's JLine parser. On Enter it throws {@link EOFError} while a bracket or block comment is open, so
 * JLine asks for another line; for completion it finds the word under the cursor: an identifier in an
 * expression, the command name after {@code :}, or a command's argument (entity tags contain dashes).
 */
public final class ReplParser implements Parser {

  /** The closers the input still needs (see {@link InputScanner#missing}); null when it can be run. */
  public static String missing(String input) {
    String s = input.stripLeading();
    if (s.startsWith(":")) {
      int sp = firstSpace(s);
      if (sp > 0 && s.substring(0, sp).equals(":explain")) {
        return InputScanner.missing(s.substring(sp));
      }
      return null;
    }
    return InputScanner.missing(input);
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE) {
      String missing = missing(line);
      if (missing != null) {
        throw new EOFError(-1, -1, "the input has open brackets", missing);
      }
    }
    return wordAt(line, Math.max(0, Math.min(cursor, line.length())));
  }

  @Override
  public boolean isEscapeChar(char ch) {
    return false;
  }

  static Line wordAt(String line, int cursor) {
    int lead = 0;
    while (lead < line.length() && Character.isWhitespace(line.charAt(lead))) {
      lead++;
    }
    int start;
    int end;
    if (lead < line.length() && line.charAt(lead) == ':' && cursor >= lead) {
      int sp = firstSpace(line.substring(lead));
      int cmdEnd = sp < 0 ? line.length() : lead + sp;
      String cmd = line.substring(lead, cmdEnd);
      if (cursor <= cmdEnd) {
        return new Line(line, cursor, lead, cmdEnd);
      }
      if (!cmd.equals(":explain")) {
        // an argument: the whitespace-separated run around the cursor
        start = cursor;
        while (start > cmdEnd && !Character.isWhitespace(line.charAt(start - 1))) {
          start--;
        }
        end = cursor;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
          end++;
        }
        return new Line(line, cursor, start, end);
      }
    }
    start = cursor;
    while (start > 0 && isWordChar(line.charAt(start - 1))) {
      start--;
    }
    end = cursor;
    while (end < line.length() && isWordChar(line.charAt(end))) {
      end++;
    }
    return new Line(line, cursor, start, end);
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static int firstSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** A parsed line: the text before the word, the word under the cursor, and the text after it. */
  static final class Line implements CompletingParsedLine {
    private final String line;
    private final int cursor;
    private final int wordStart;
    private final String word;
    private final List<String> words = new ArrayList<>();
    private final int wordIndex;

    Line(String line, int cursor, int wordStart, int wordEnd) {
      this.line = line;
      this.cursor = cursor;
      this.wordStart = wordStart;
      this.word = line.substring(wordStart, wordEnd);
      if (wordStart > 0) {
        words.add(line.substring(0, wordStart));
      }
      this.wordIndex = words.size();
      words.add(word);
      if (wordEnd < line.length()) {
        words.add(line.substring(wordEnd));
      }
    }

    @Override
    public String word() {
      return word;
    }

    @Override
    public int wordCursor() {
      return cursor - wordStart;
    }

    @Override
    public int wordIndex() {
      return wordIndex;
    }

    @Override
    public List<String> words() {
      return words;
    }

    @Override
    public String line() {
      return line;
    }

    @Override
    public int cursor() {
      return cursor;
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor();
    }

    @Override
    public int rawWordLength() {
      return word.length();
    }
  }
}
