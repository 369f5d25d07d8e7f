package dev.cql.api.error;


/**
 * Every failure the engine reports: a kind, a position in the source, and a message naming what was
 * expected and what was found. Unchecked so that compiled evaluators stay plain closures.
 */
public class CqlException extends RuntimeException {

  private final ErrorKind kind;
  private final Span span;
  private final String source;

  public CqlException(ErrorKind kind, Span span, String message) {
    this(kind, span, message, null, null);
  }

  public CqlException(ErrorKind kind, Span span, String message, String source, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.span = span == null ? Span.NONE : span;
    this.source = source;
  }

  public ErrorKind kind() {
    return kind;
  }

  public Span span() {
    return span;
  }

  public int line() {
    return span.line();
  }

  public int column() {
    return span.column();
  }

  /** The source text the position refers to, when known. */
  public String source() {
    return source;
  }

  /** The same error, attached to the given source text (for the caret snippet). */
  public CqlException withSource(String src) {
    if (source != null || src == null) {
      return this;
    }
    return new CqlException(kind, span, getMessage(), src, getCause());
  }

  /** {@code error[KIND] LINE:COL: message}, then the source line and a caret, as the CLI prints it. */
  public String render() {
    return Diagnostics.render("error", kind.id(), span, getMessage(), source);
  }

  @Override
  public String toString() {
    return "error[" + kind.id() + "] " + span + ": " + getMessage();
  }
}
