package dev.cql.api.error;


/** Formats errors and warnings with the source line and a caret under the position. */
final class Diagnostics {

  private Diagnostics() {}

  static String render(String severity, String kind, Span span, String message, String source) {
    StringBuilder sb = new StringBuilder(severity);
    if (kind != null) {
      sb.append('[').append(kind).append(']');
    }
    sb.append(' ').append(span.line()).append(':').append(span.column()).append(": ").append(message);
    if (source != null) {
      String line = sourceLine(source, span.line());
      if (line != null) {
        String shown = line.replace('\t', ' ');
        sb.append('\n').append(shown).append('\n');
        int col = Math.max(1, Math.min(span.column(), shown.length() + 1));
        sb.append(" ".repeat(col - 1));
        int width = 1;
        if (span.end() > span.start() && span.start() >= 0) {
          int lineEnd = lineStartOffset(source, span.line()) + line.length();
          width = Math.max(1, Math.min(span.end(), lineEnd) - span.start());
        }
        sb.append('^');
        if (width > 1) {
          sb.append("~".repeat(Math.min(width - 1, 200)));
        }
      }
    }
    return sb.toString();
  }

  static String sourceLine(String source, int lineNo) {
    String[] lines = source.split("\r\n|\r|\n", -1);
    if (lineNo < 1 || lineNo > lines.length) {
      return null;
    }
    return lines[lineNo - 1];
  }

  private static int lineStartOffset(String source, int lineNo) {
    int line = 1;
    int i = 0;
    while (line < lineNo && i < source.length()) {
      char c = source.charAt(i++);
      if (c == '\n' || (c == '\r' && (i >= source.length() || source.charAt(i) != '\n'))) {
        line++;
      }
    }
    return i;
  }
}
