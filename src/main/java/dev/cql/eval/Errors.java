package dev.cql.eval;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;

/** Short constructors for evaluation errors. */
public final class Errors {

  private Errors() {}

  public static CqlException type(Span span, String message) {
    return new CqlException(ErrorKind.TYPE, span, message);
  }

  public static CqlException nullValue(Span span, String message) {
    return new CqlException(ErrorKind.NULL_VALUE, span, message);
  }

  public static CqlException index(Span span, String message) {
    return new CqlException(ErrorKind.INDEX, span, message);
  }

  public static CqlException arithmetic(Span span, String message) {
    return new CqlException(ErrorKind.ARITHMETIC, span, message);
  }

  public static CqlException unknownName(Span span, String message) {
    return new CqlException(ErrorKind.UNKNOWN_NAME, span, message);
  }

  public static CqlException limit(Span span, String message) {
    return new CqlException(ErrorKind.LIMIT, span, message);
  }

  public static CqlException data(Span span, String message) {
    return new CqlException(ErrorKind.DATA, span, message);
  }

  /** "a number" / "an object" / "null" for messages. */
  public static String a(Object value) {
    if (value == null) {
      return "null";
    }
    String w = Values.kindWord(value);
    if (w.startsWith("the ")) {
      return w;
    }
    return ("aeiou".indexOf(w.charAt(0)) >= 0 ? "an " : "a ") + w;
  }
}
