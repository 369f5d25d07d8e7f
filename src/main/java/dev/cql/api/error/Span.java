package dev.cql.api.error;

/**
 * A range of source text: {@code [start, end)} as character offsets, and the 1-based line and column of
 * {@code start}. Every AST node and every error carries one.
 */
public record Span(int start, int end, int line, int column) {

  public static final Span NONE = new Span(0, 0, 1, 1);

  /** The smallest span covering both. */
  public Span to(Span other) {
    if (other.start >= start) {
      return new Span(start, Math.max(end, other.end), line, column);
    }
    return new Span(other.start, Math.max(end, other.end), other.line, other.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
