package dev.cql.api.error;

/** The kinds of error the engine reports; {@link #id()} is the name users see ({@code error[type]}). */
public enum ErrorKind {
  SYNTAX("syntax"),
  UNKNOWN_NAME("unknown-name"),
  ARITY("arity"),
  TYPE("type"),
  NULL_VALUE("null-value"),
  INDEX("index"),
  ARITHMETIC("arithmetic"),
  LIMIT("limit"),
  DATA("data");

  private final String id;

  ErrorKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Syntax, unknown-name and arity (and limit when found while compiling) are compile-time errors. */
  public boolean isCompileTime() {
    return this == SYNTAX || this == UNKNOWN_NAME || this == ARITY;
  }

  public static ErrorKind fromId(String id) {
    for (ErrorKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown error kind '" + id + "'");
  }
}
